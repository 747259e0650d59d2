import { makeId, writeXlsx, cli, STANDARD_HEADER } from './tests/unit/import-fixtures.ts';
const f = '/tmp/imp/r1.xlsx';
await writeXlsx(f, [{
  name: '花名册',
  above: [['中共某某局机关委员会党员花名册'], ['填报单位（盖章）：中共某某局机关委员会', '', '', '', '', '', '', '', '', '填报日期：2025年1月10日']],
  header: [STANDARD_HEADER],
  merges: ['A1:L1'],
  rows: [
    [1, '张三', '男', '汉', makeId('1972-05-01', 11), '1972.05', '大学', '正式党员', '第一党支部', '1998.07', '1999.07', '13800138000'],
    [2, '李 四', '女性', '回族', makeId('1980-03-02', 22), new Date(Date.UTC(1980, 2, 2)), '大专', '预备党员', '中共某某局第一党支部', '2025-01-01', null, 13900139000],
    [3, '王五', '男', '汉族', 110105197205010000, '1972.05', '高中', '正式党员', '第一党支部', 2005.1, '2006.1', ''],
  ],
  below: [[], ['填表人：', '', '审核人：']],
}]);
console.log(JSON.stringify(cli('/tmp/imp/a.db', ['import', 'members', f, '--dry-run', '--json']), null, 1));
