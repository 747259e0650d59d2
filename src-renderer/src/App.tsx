import { Layout, Menu, Spin, Typography } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { PAGES } from './modules/registry.ts';
import { LockButton } from './modules/safety/SafetyGate.tsx';
import { NavigationContext, type Navigation } from './components/navigation.tsx';
import { SetupWizard } from './components/SetupWizard.tsx';
import { BRAND_RED } from './components/theme.ts';
import './components/global.css';

const { Sider, Content, Header } = Layout;

export function App() {
  // the first page is the home page (工作台): what is due
  const [nav, setNav] = useState<{ page: string; params: Record<string, unknown> }>({ page: PAGES[0].key, params: {} });
  const current = PAGES.find((p) => p.key === nav.page) ?? PAGES[0];
  const Page = current.component;
  const navigation = useMemo<Navigation>(
    () => ({ page: nav.page, params: nav.params, navigate: (page, params = {}) => setNav({ page, params }), pages: PAGES }),
    [nav],
  );
  // pages remount when the wizard finishes, so that they show what it saved
  const [generation, setGeneration] = useState(0);
  return (
    <NavigationContext.Provider value={navigation}>
      <Layout style={{ height: '100%' }}>
        <Sider width={180} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
          <div style={{ padding: '16px 20px', fontSize: 18, fontWeight: 600, color: BRAND_RED }}>党务</div>
          <Menu
            mode="inline"
            style={{ borderInlineEnd: 'none' }}
            selectedKeys={[nav.page]}
            items={PAGES.map((p) => ({ key: p.key, label: <span data-testid={`nav-${p.key}`}>{p.label}</span> }))}
            onClick={(e) => setNav({ page: e.key, params: {} })}
          />
        </Sider>
        <Layout>
          <Header style={{ background: '#fff', padding: '0 24px', height: 48, lineHeight: '48px', borderBottom: '1px solid #f0f0f0', display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
            <Typography.Text strong>{current.label}</Typography.Text>
            <LockButton />
          </Header>
          {/* a flex column so that a page can take exactly the remaining height (virtual lists need it) */}
          <Content style={{ padding: 16, overflow: 'auto', display: 'flex', flexDirection: 'column', minHeight: 0 }}>
            <Suspense fallback={<Spin />}>
              <Page key={`${current.key}-${generation}`} />
            </Suspense>
          </Content>
        </Layout>
      </Layout>
      <SetupWizard onDone={() => setGeneration((g) => g + 1)} />
    </NavigationContext.Provider>
  );
}
