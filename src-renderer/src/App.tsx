import { Layout, Menu, Spin, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { PAGES } from './modules/registry.ts';
import { NavigateContext } from './components/navigation.ts';
import './components/global.css';

const { Sider, Content, Header } = Layout;

export function App() {
  const [page, setPage] = useState(PAGES[0].key);
  const current = PAGES.find((p) => p.key === page) ?? PAGES[0];
  const Page = current.component;
  return (
    <Layout style={{ height: '100vh' }}>
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
        <Header style={{ background: '#fff', padding: '0 24px', height: 48, lineHeight: '48px', borderBottom: '1px solid #f0f0f0' }}>
          <Typography.Text strong>{current.label}</Typography.Text>
        </Header>
        {/* a flex column so that a page can take exactly the remaining height (virtual lists need it) */}
        <Content style={{ padding: 16, overflow: 'auto', display: 'flex', flexDirection: 'column', minHeight: 0 }}>
          <NavigateContext.Provider value={setPage}>
            <Suspense fallback={<Spin />}>
              <Page />
            </Suspense>
          </NavigateContext.Provider>
        </Content>
      </Layout>
    </Layout>
  );
}
