import { useEffect, useRef } from 'react';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { BoardDto } from '../../../../src-main/modules/orglife/contract.ts';

// The board's picture: per month, the required meetings held and missed across the subtree (stacked bars)
// and the attendance rate (line). ECharts, only the parts used; disposed when the page goes.

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export function BoardChart({ board }: { board: BoardDto }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const months = board.monthly.map((m) => `${Number(m.month.slice(5))}月`);
    chart.current?.setOption(
      {
        animation: false,
        textStyle: { fontFamily: "'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif" },
        tooltip: { trigger: 'axis' },
        legend: { top: 0, data: ['已开展', '未开展', '出勤率'] },
        grid: { left: 40, right: 44, top: 28, bottom: 22 },
        xAxis: { type: 'category', data: months },
        yAxis: [
          { type: 'value', name: '次', minInterval: 1, nameGap: 8 },
          { type: 'value', name: '出勤率', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false }, nameGap: 8 },
        ],
        series: [
          { name: '已开展', type: 'bar', stack: 'due', data: board.monthly.map((m) => m.held), itemStyle: { color: '#52c41a' }, barMaxWidth: 28 },
          { name: '未开展', type: 'bar', stack: 'due', data: board.monthly.map((m) => m.missing), itemStyle: { color: '#f5222d' }, barMaxWidth: 28 },
          {
            name: '出勤率', type: 'line', yAxisIndex: 1, smooth: true, symbolSize: 5, itemStyle: { color: '#1677ff' },
            data: board.monthly.map((m) => (m.expected ? Math.round((m.present / m.expected) * 1000) / 10 : null)),
          },
        ],
      },
      true,
    );
  }, [board]);

  return <div ref={el} data-testid="board-chart" style={{ width: '100%', height: 180 }} />;
}
