import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { SafetyGate } from './modules/safety/SafetyGate.tsx';
import { THEME } from './components/theme.ts';

dayjs.locale('zh-cn');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={THEME}>
      <AntApp>
        <SafetyGate>
          <App />
        </SafetyGate>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
