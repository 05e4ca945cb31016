// ECharts in a page: `useChart(element, option)` draws into a div, follows `option` when it changes and
// the div's size, and lets go when the page closes. Only the chart kinds registered here are bundled;
// register more (echarts/charts, echarts/components) when a page needs them.
import { BarChart, LineChart, PieChart, RadarChart } from "echarts/charts";
import { GridComponent, LegendComponent, RadarComponent, TitleComponent, TooltipComponent } from "echarts/components";
import { init, use, type ComposeOption, type ECharts } from "echarts/core";
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption, RadarSeriesOption } from "echarts/charts";
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { onBeforeUnmount, onMounted, watch, type Ref } from "vue";

use([BarChart, LineChart, PieChart, RadarChart, GridComponent, LegendComponent, RadarComponent, TitleComponent,
  TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | RadarSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

export function useChart(element: Ref<HTMLElement | null>, option: Ref<ChartOption>): void {
  let chart: ECharts | null = null;
  let observer: ResizeObserver | null = null;
  onMounted(() => {
    if (!element.value) return;
    chart = init(element.value);
    chart.setOption(option.value);
    observer = new ResizeObserver(() => chart?.resize());
    observer.observe(element.value);
  });
  watch(option, (next) => chart?.setOption(next, true), { deep: true });
  onBeforeUnmount(() => {
    observer?.disconnect();
    chart?.dispose();
  });
}
