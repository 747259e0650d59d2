// Chinese names of fields, so that every message can name the field the clerk sees.
export const FIELD_LABELS: Record<string, string> = {
  name: '姓名',
  idNumber: '公民身份号码',
  gender: '性别',
  ethnicity: '民族',
  birthDate: '出生日期',
  education: '学历',
  degree: '学位',
  category: '人员类别',
  joinedOn: '入党日期',
  confirmedOn: '转正日期',
  org: '所在党组织',
  orgId: '所在党组织',
  jobPosition: '工作岗位',
  workUnit: '工作单位及职务',
  nativePlace: '籍贯',
  phone: '手机号码',
  landline: '固定电话',
  address: '家庭住址',
  householdReg: '户籍所在地',
  partyPost: '党内职务',
  workStart: '参加工作日期',
  status: '党籍状态',
  roll: '在册情况',
  isLost: '是否失联',
  lostOn: '失去联系日期',
  isMobile: '是否流动党员',
  outflow: '外出流向',
  remark: '备注',
  shortName: '简称',
  type: '组织类型',
  parent: '上级组织',
  parentId: '上级组织',
  secretaryId: '书记',
  establishedOn: '成立日期',
  termStart: '本届任期开始',
  termYears: '任期年限',
  postponedUntil: '延期换届截止',
  date: '日期',
};

export const labelOf = (path: readonly PropertyKey[]): string => {
  const key = [...path].reverse().find((p) => typeof p === 'string') as string | undefined;
  if (!key) return '输入';
  return FIELD_LABELS[key] ?? key;
};
