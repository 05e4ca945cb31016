// Breadcrumbs from 党委 to 支部 to 党员: the committee's name, then the branch's, then the person's.
import { ref, watch, type Ref } from "vue";
import { useRoute } from "vue-router";
import { orgUnit, partyCommittee } from "@/api/roster";
import { scoreCard } from "@/api/scoring";
import { person } from "@/session";

export interface Crumb {
  text: string;
  to?: string;
}

const names = new Map<string, string>();

async function unitName(id: string): Promise<string> {
  if (!names.has(id)) names.set(id, (await orgUnit(id)).name);
  return names.get(id) as string;
}

let committee: Promise<string | null> | null = null;

/** The organisation's name (the party committee's), for the top bar and the first crumb. */
export function organisationName(): Promise<string | null> {
  committee ??= partyCommittee()
    .then((unit) => unit?.name ?? null)
    .catch(() => {
      committee = null;
      return null;
    });
  return committee;
}

export function useBreadcrumbs(): Ref<Crumb[]> {
  const route = useRoute();
  const crumbs = ref<Crumb[]>([]);
  watch(
    () => route.fullPath,
    async () => {
      const level = route.meta.level;
      const who = person.value;
      const trail: Crumb[] = [];
      const organisation = await organisationName();
      if (organisation) trail.push({ text: organisation, to: who?.role === "admin" ? "/org" : undefined });
      try {
        if (level === "branch" && typeof route.params.branchId === "string") {
          trail.push({ text: await unitName(route.params.branchId) });
        } else if (level === "member" && who?.member_id) {
          const card = await scoreCard(who.member_id);
          trail.push({ text: await unitName(card.branch_id) }, { text: card.name });
        }
      } catch {
        // the page itself says what went wrong
      }
      crumbs.value = trail;
    },
    { immediate: true },
  );
  return crumbs;
}
