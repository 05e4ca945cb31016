// Whether the screen is a phone's (< 768 px): members then get the bottom bar and one column.
import { onBeforeUnmount, ref, type Ref } from "vue";

export const PHONE_QUERY = "(max-width: 767px)";

export function useNarrow(): Ref<boolean> {
  const media = window.matchMedia(PHONE_QUERY);
  const narrow = ref(media.matches);
  const change = (event: MediaQueryListEvent): void => {
    narrow.value = event.matches;
  };
  media.addEventListener("change", change);
  onBeforeUnmount(() => media.removeEventListener("change", change));
  return narrow;
}
