import { App, Button, Popconfirm, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { ImportBatchDto } from '../../../../src-main/modules/import/contract.ts';
import { operatorLabel } from '../../../../src-main/contract/shared.ts';

// 导入记录: every committed import, and undo of a whole batch.

export default function ImportHistoryPage() {
  const { message, modal } = App.useApp();
  const [rows, setRows] = useState<ImportBatchDto[]>([]);
  const [loading, setLoading] = useState(true);
  const load = useCallback(async () => {
    setLoading(true);
    try {
      setRows(await api.import.batches({}));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [message]);
  useEffect(() => {
    void load();
  }, [load]);

  const undo = async (id: number) => {
    try {
      const r = await api.import.undo({ batchId: id });
      message.success(`已撤销导入批次 ${id}：删除 ${r.removed} 人，恢复 ${r.restored} 人`);
    } catch (e) {
      // a refusal names members and records: it stays until read, not a passing toast
      modal.error({ title: `导入批次 ${id} 未撤销`, content: <span data-testid="undo-refused">{(e as Error).message}</span>, okText: '知道了', width: 560 });
    }
    await load();
  };

  return (
    <Table<ImportBatchDto>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={rows}
      data-testid="import-batches"
      pagination={{ pageSize: 20 }}
      columns={[
        { title: '批次', dataIndex: 'id', width: 64 },
        { title: '导入时间', dataIndex: 'createdAt', width: 170, render: (t: string) => new Date(t).toLocaleString('zh-CN', { hour12: false }) },
        { title: '文件', dataIndex: 'fileName', ellipsis: true },
        { title: '方式', dataIndex: 'mode', width: 120, render: (m: string) => (m === 'upsert' ? '按身份证号更新' : '仅新增') },
        { title: '新增', dataIndex: 'inserted', width: 70 },
        { title: '更新', dataIndex: 'updated', width: 70 },
        { title: '跳过', dataIndex: 'skipped', width: 70 },
        { title: '有错误', dataIndex: 'rejected', width: 70 },
        { title: '经办人', dataIndex: 'actor', width: 90, render: (a: string | null) => operatorLabel(a) },
        {
          title: '状态',
          width: 190,
          render: (_, b) =>
            b.undoneAt ? (
              <Tag data-testid={`batch-undone-${b.id}`}>已撤销（{new Date(b.undoneAt).toLocaleString('zh-CN', { hour12: false })}）</Tag>
            ) : (
              <Popconfirm title="撤销该批次？" description="删除本批新增的党员，恢复本批更新前的信息。" okText="撤销" cancelText="取消" onConfirm={() => undo(b.id)}>
                <Button size="small" danger data-testid={`batch-undo-${b.id}`}>撤销</Button>
              </Popconfirm>
            ),
        },
      ]}
    />
  );
}
