import { App, Button, DatePicker, Descriptions, Divider, Drawer, Form, Input, Select, Space, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { CampaignDto, CampaignHistoryEntry, ChecklistRow } from '../../../../src-main/modules/campaign/contract.ts';
import {
  FINDINGS, HANDLING_OUTCOMES, NO_FINDING, NOT_SIGNED_REASONS, RELIGIONS, SCREEN_METHODS,
} from '../../../../src-main/modules/campaign/contract.ts';
import { operatorLabel, type Issue } from '../../../../src-main/contract/shared.ts';
import { exitSubtypeForOutcome } from '../../../../src-main/modules/core/contract.ts';
import { useFreshTarget } from '../../components/freshForm.tsx';

const day = (d: dayjs.Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);
const FIELD_NAMES: Record<string, string> = {
  screen_status: '排查状态', screened_on: '排查日期', screened_by: '排查人', screen_method: '方式', finding: '情形认定', religion: '信教类别',
  manifestations: '主要表现', outcome: '处置', outcome_code: '处置代码', handled_on: '处置日期', handling_note: '处置说明',
  sign_status: '承诺书', signed_on: '签订日期', template_version: '模板版本', signed_by: '经办人', not_signed_reason: '未签原因',
  makeup_signed_on: '补签日期', paper_location: '纸质件存放', note: '备注',
};

/** who screened / signed: the name, or 未填写 when nobody was named (docs/domain/members.md#operator) */
const value = (k: string, v: unknown) => (k.endsWith('_by') ? (v == null ? '（空）' : operatorLabel(String(v))) : String(v ?? '（空）'));

function describeChange(e: CampaignHistoryEntry): string {
  const keys = Object.keys(e.after ?? {});
  return keys.map((k) => `${FIELD_NAMES[k] ?? k}：${value(k, e.before?.[k])} → ${value(k, e.after?.[k])}`).join('；');
}

type Props = { campaign: CampaignDto; row: ChecklistRow | null; onClose: () => void; onChanged: (row: ChecklistRow) => void };

/**
 * one member's screening, handling and commitment, with the history of changes: fresh forms for each member
 * (components/freshForm.tsx); the same member's row reloaded after a save keeps them
 */
export function MemberDrawer(props: Props) {
  const { key, shown } = useFreshTarget(props.row, (a, b) => a.memberId === b.memberId);
  return <MemberDrawerBody key={key} {...props} row={shown} open={props.row !== null} />;
}

function MemberDrawerBody({ campaign, row, open, onClose, onChanged }: Props & { open: boolean }) {
  const { message, modal } = App.useApp();
  const [history, setHistory] = useState<CampaignHistoryEntry[]>([]);
  const [screenForm] = Form.useForm();
  const [handleForm] = Form.useForm();
  const [signForm] = Form.useForm();
  useEffect(() => {
    if (!row) return;
    void api.campaign.history({ campaignId: campaign.id, memberId: row.memberId }).then(setHistory);
    screenForm.setFieldsValue({
      // the method as recorded; none recorded stays empty (never a guessed 谈心谈话)
      date: row.screenedOn ? dayjs(row.screenedOn) : dayjs(), method: row.screenMethod ?? undefined, finding: row.finding ?? NO_FINDING,
      religion: row.religion ?? undefined, manifestations: row.manifestations ?? '',
    });
    handleForm.setFieldsValue({ outcome: row.outcome ?? undefined, date: row.handledOn ? dayjs(row.handledOn) : dayjs(), note: row.handlingNote ?? '' });
    signForm.setFieldsValue({ date: row.signedOn ? dayjs(row.signedOn) : dayjs(), reason: row.notSignedReason ?? undefined, paper: row.paperLocation ?? '' });
  }, [row, campaign.id, screenForm, handleForm, signForm]);

  const done = (r: { row: ChecklistRow; warnings: Issue[] }, what: string) => {
    message.success(`已保存${what}`);
    for (const w of r.warnings) message.warning(w.message);
    onChanged(r.row);
  };
  const act = async (fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  /** 劝退 / 除名 / 开除党籍 end membership (docs/domain/members.md#transitions): the clerk confirms the 出党 */
  const offerExit = (subtype: string, date: string, note: string | null) => {
    if (!row) return;
    modal.confirm({
      title: `是否同时登记${row.name}出党（${subtype}）？`,
      content: `处置结果为“${subtype}”的，党员不再在册，登记出党后党费自次月起不再计算。日期为 ${date}，可在党员信息中撤销。`,
      okText: '登记出党',
      cancelText: '暂不登记',
      okButtonProps: { 'data-testid': 'offer-exit-ok' } as never,
      onOk: async () => {
        try {
          await api.members.recordEvent({ member: row.memberId, type: '出党', subtype, date, detail: `${campaign.name}处置：${subtype}${note ? `（${note}）` : ''}` });
          message.success(`已登记出党（${subtype}）`);
        } catch (e) {
          message.error((e as Error).message, 8);
        }
      },
    });
  };
  const finding = Form.useWatch('finding', screenForm);
  const hasFinding = !!row?.finding && row.finding !== NO_FINDING;

  return (
    <Drawer open={open} onClose={onClose} size={560} title={row ? `${row.name}（${row.org}）` : ''} destroyOnHidden>
      {row && (
        <>
          <Descriptions size="small" column={2} items={[
            { label: '身份证号', children: row.idNumber },
            { label: '人员类别', children: row.category },
            { label: '计入日期', children: `${row.arrivedOn}${row.addedLater ? '（期间新增）' : ''}` },
            { label: '离开', children: row.leftOn ?? '—' },
          ]} />
          <Divider titlePlacement="start">排查</Divider>
          <Form form={screenForm} layout="inline" style={{ rowGap: 8 }}>
            <Form.Item name="date" label="日期"><DatePicker allowClear={false} /></Form.Item>
            <Form.Item name="method" label="方式"><Select data-testid="screen-method" style={{ width: 120 }} allowClear placeholder="未登记" options={SCREEN_METHODS.map((v) => ({ value: v, label: v }))} /></Form.Item>
            <Form.Item name="finding" label="情形认定"><Select data-testid="screen-finding" style={{ width: 140 }} options={FINDINGS.map((v) => ({ value: v, label: v }))} /></Form.Item>
            {finding && finding !== NO_FINDING && (
              <>
                <Form.Item name="religion" label="信教类别"><Select data-testid="screen-religion" allowClear style={{ width: 120 }} options={RELIGIONS.map((v) => ({ value: v, label: v }))} /></Form.Item>
                <Form.Item name="manifestations" label="主要表现" style={{ width: '100%' }}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
              </>
            )}
            <Button type="primary" data-testid="screen-save" onClick={() => act(async () => {
              const v = screenForm.getFieldsValue();
              const found = v.finding !== NO_FINDING;
              done(await api.campaign.screen({
                campaignId: campaign.id, memberId: row.memberId, date: day(v.date)!, method: v.method ?? undefined, finding: v.finding,
                religion: found ? (v.religion ?? null) : null, manifestations: found ? (v.manifestations || null) : null,
              }), '排查结果');
            })}>保存排查</Button>
          </Form>
          <Divider titlePlacement="start">处置</Divider>
          {hasFinding ? (
            <Form form={handleForm} layout="inline" style={{ rowGap: 8 }}>
              <Form.Item name="outcome" label="处置方式"><Select data-testid="handle-outcome" style={{ width: 170 }} options={HANDLING_OUTCOMES.map((o) => ({ value: o.label, label: `${o.code} ${o.label}` }))} /></Form.Item>
              <Form.Item name="date" label="日期"><DatePicker allowClear={false} /></Form.Item>
              <Form.Item name="note" label="说明" style={{ width: '100%' }}><Input maxLength={500} /></Form.Item>
              <Button type="primary" data-testid="handle-save" onClick={() => act(async () => {
                const v = handleForm.getFieldsValue();
                done(await api.campaign.handle({ campaignId: campaign.id, memberId: row.memberId, outcome: v.outcome ?? '', date: day(v.date)!, note: v.note || null }), '处置');
                // an outcome that ends membership: offer to record the matching 出党 (through the member operations)
                const subtype = exitSubtypeForOutcome(v.outcome);
                if (subtype) offerExit(subtype, day(v.date)!, v.note || null);
              })}>保存处置</Button>
            </Form>
          ) : (
            <Typography.Text type="secondary">排查出问题后才能登记处置。</Typography.Text>
          )}
          <Divider titlePlacement="start">承诺书</Divider>
          <Form form={signForm} layout="inline" style={{ rowGap: 8 }}>
            <Form.Item name="date" label="签订/补签日期"><DatePicker allowClear={false} /></Form.Item>
            <Form.Item name="paper" label="纸质件存放"><Input style={{ width: 160 }} maxLength={200} /></Form.Item>
            <Space>
              <Button type="primary" onClick={() => act(async () => {
                const v = signForm.getFieldsValue();
                const makeup = !!row.notSignedReason;
                done(await api.campaign.sign({
                  campaignId: campaign.id, memberId: row.memberId, ...(makeup ? { makeupDate: day(v.date) } : { date: day(v.date) }), paperLocation: v.paper || null,
                }), makeup ? '补签' : '签订');
              })}>{row.notSignedReason ? '登记补签' : '登记已签订'}</Button>
              <Form.Item name="reason" noStyle><Select placeholder="未签原因" style={{ width: 110 }} options={NOT_SIGNED_REASONS.map((v) => ({ value: v, label: v }))} /></Form.Item>
              <Button onClick={() => act(async () => {
                const v = signForm.getFieldsValue();
                if (!v.reason) throw new Error('请选择未签原因');
                done(await api.campaign.sign({ campaignId: campaign.id, memberId: row.memberId, notSignedReason: v.reason, paperLocation: v.paper || null }), '未签原因');
              })}>登记未签</Button>
            </Space>
          </Form>
          <Divider titlePlacement="start">修改历史</Divider>
          {history.length ? (
            <Timeline data-testid="member-history" items={history.map((h) => ({ content: <span><Typography.Text strong>{h.at.slice(0, 19).replace('T', ' ')} {operatorLabel(h.actor, h.machine)} {h.action}</Typography.Text><br />{describeChange(h)}</span> }))} />
          ) : <Typography.Text type="secondary">暂无记录</Typography.Text>}
        </>
      )}
    </Drawer>
  );
}
