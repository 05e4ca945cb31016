// 中文 first, with an English switch: `t(key, values)` reads the current language's words. The choice is
// kept in localStorage (it is not a secret), Chinese when nothing was chosen.
import { ref } from "vue";
import { en, zh, type MessageKey } from "./messages";

export type Locale = "zh" | "en";
export type { MessageKey } from "./messages";

const STORED = "bastion.locale";
const stored = typeof localStorage === "undefined" ? null : localStorage.getItem(STORED);

export const locale = ref<Locale>(stored === "en" ? "en" : "zh");

export function setLocale(next: Locale): void {
  locale.value = next;
  localStorage.setItem(STORED, next);
  document.documentElement.lang = next === "zh" ? "zh-CN" : "en";
}

/** The words for `key`, with `{name}` filled from `values`. */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  const text: string = (locale.value === "en" ? en : zh)[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
