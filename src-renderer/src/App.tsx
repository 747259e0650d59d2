import { Layout, Menu, Spin, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { PAGES } from './modules/registry.ts';
import { LockButton } from './modules/safety/SafetyGate.tsx';
import './components/global.css';

const { Sider, Content, Header } = Layout;

export function App() {
  const [page, setPage] = useState(PAGES[0].key);
  const current = PAGES.find((p) => p.key === page) ?? PAGES[0];
  const Page = current.component;
  return (
    <Layout style={{ height: '100%' }}>
      <Sider width={180} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 20px', fontSize: 18, fontWeight: 600, color: '#c00000' }}>党务</div>
        <Menu
          mode="inline"
          style={{ borderInlineEnd: 'none' }}
          selectedKeys={[page]}
          items={PAGES.map((p) => ({ key: p.key, label: <span data-testid={`nav-${p.key}`}>{p.label}</span> }))}
          onClick={(e) => setPage(e.key)}
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
            <Page />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
