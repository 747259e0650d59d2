import ExcelJS from 'exceljs';
import { makeId } from './id-numbers.ts';

// A large Chinese roster (16 columns) for the round-trip test and the benchmark, written with
// exceljs's streaming writer. Every value is deterministic from the row index, so a reader of the
// database can recompute what was written.

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅春燕晓东海波鹏飞宇浩然子涵欣怡俊杰思远嘉懿鑫淼鹍';
const ETHNIC = ['汉族', '汉族', '汉族', '回族', '满族', '蒙古族', '壮族', '维吾尔族', '土家族', '藏族'];
const EDU = ['大学本科', '大学专科', '硕士研究生', '普通高中', '中等专科', '博士研究生'];
const JOBS = ['公务员', '参照公务员法管理的工作人员', '事业单位管理岗位', '退休人员', '机关单位工勤岗位'];
const POSTS = ['党员', '书记', '组织委员', '宣传委员', '纪检委员'];
export const ROSTER_BRANCHES = Array.from({ length: 20 }, (_, i) => `中共某某市第${i + 1}机关党支部`);

export const ROSTER_HEADER = ['序号', '姓名', '性别', '民族', '公民身份号码', '出生日期', '学历', '人员类别', '所在党支部', '入党时间', '转正时间', '工作岗位', '手机号码', '家庭住址', '党内职务', '备注'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export interface RosterRow {
  name: string;
  gender: '男' | '女';
  ethnicity: string;
  idNumber: string;
  birthDate: string;
  education: string;
  category: '正式党员' | '预备党员';
  org: string;
  joinedOn: string;
  confirmedOn: string | null;
  jobPosition: string;
  phone: string;
  address: string;
  partyPost: string;
  remark: string;
}

export function rosterRow(i: number): RosterRow {
  // unique IDs: 1000 sequence numbers per birth date, birth dates 73 days apart (1955 → ~2000)
  const seq = i % 1000;
  const born = new Date(Date.UTC(1955, 0, 1) + Math.floor(i / 1000) * 73 * 86_400_000);
  const y = born.getUTCFullYear();
  const m = born.getUTCMonth() + 1;
  const d = born.getUTCDate();
  const birthDate = `${y}-${pad(m)}-${pad(d)}`;
  const idNumber = makeId(birthDate, seq, '110105');
  const gender = seq % 2 === 1 ? '男' : '女';
  const joinY = y + 25;
  const prob = i % 50 === 0;
  const name =
    i % 97 === 0
      ? `阿卜杜·${GIVEN[i % GIVEN.length]}${GIVEN[(i >> 3) % GIVEN.length]}`
      : SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length] + (i % 3 ? GIVEN[(i * 13) % GIVEN.length] : '');
  return {
    name,
    gender,
    ethnicity: ETHNIC[i % ETHNIC.length],
    idNumber,
    birthDate,
    education: EDU[i % EDU.length],
    category: prob ? '预备党员' : '正式党员',
    org: ROSTER_BRANCHES[i % ROSTER_BRANCHES.length],
    joinedOn: prob ? '2025-01' : `${joinY}-${pad(m)}`,
    confirmedOn: prob ? null : `${joinY + 1}-${pad(m)}`,
    jobPosition: JOBS[i % JOBS.length],
    phone: `13${pad(i % 100)}${String(10_000_000 + i).slice(-7)}`,
    address: `某某省某某市${['东城', '西城', '朝阳', '海淀'][i % 4]}区幸福路${(i % 300) + 1}号院${(i % 20) + 1}号楼${(i % 6) + 1}单元${(i % 30) + 101}室`,
    partyPost: POSTS[i % 17 === 0 ? 1 + (i % 4) : 0],
    remark: i % 5 === 0 ? `第${i}号记录：工作认真负责，积极参加组织生活` : '',
  };
}

/** The unique ID per row depends on this: guard it in the tests. */
export async function writeRoster(file: string, count: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet('党员花名册');
  ws.addRow(ROSTER_HEADER).commit();
  for (let i = 0; i < count; i++) {
    const r = rosterRow(i);
    const [y, m, d] = r.birthDate.split('-').map(Number);
    const row = ws.addRow([
      i + 1, r.name, r.gender, r.ethnicity, r.idNumber, new Date(Date.UTC(y, m - 1, d)), r.education, r.category, r.org,
      r.joinedOn.replace('-', '.'), r.confirmedOn?.replace('-', '.') ?? '', r.jobPosition, r.phone, r.address, r.partyPost, r.remark,
    ]);
    row.getCell(6).numFmt = 'yyyy-mm-dd';
    row.commit();
  }
  await ws.commit();
  await wb.commit();
}
