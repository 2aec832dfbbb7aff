// Every FHIR call goes through the fhirclient Client (the user's token; fhirclient refreshes it when it expires).
import type Client from "fhirclient/lib/Client";
import { bundleResources, nextLink } from "./model/fhir";

const MAX_PAGES = 50;

export class FhirApi {
  constructor(readonly client: Client) {}

  /** GET a resource or operation result (relative to the FHIR base, or absolute). */
  get<T>(url: string): Promise<T> {
    return this.client.request<T>({ url, headers: { Accept: "application/fhir+json" } });
  }

  /** A search, following its "next" links, as the resources of all pages (of the type, when given). */
  async search<T extends fhir4.FhirResource>(url: string, resourceType?: T["resourceType"]): Promise<T[]> {
    const bundles: fhir4.Bundle[] = [];
    let next: string | undefined = url;
    for (let page = 0; next && page < MAX_PAGES; page++) {
      const bundle: fhir4.Bundle = await this.get<fhir4.Bundle>(next);
      bundles.push(bundle);
      next = nextLink(bundle);
    }
    return bundleResources<T>(bundles, resourceType);
  }

  /** POST a new resource (create); resolves to the resource as stored, when the server returns it. */
  create<T extends fhir4.FhirResource>(resource: T): Promise<T> {
    return this.client.request<T>({
      url: resource.resourceType,
      method: "POST",
      body: JSON.stringify(resource),
      headers: { "Content-Type": "application/fhir+json", Accept: "application/fhir+json", Prefer: "return=representation" },
    });
  }

  /** PUT a resource back (update), with If-Match on the version read when there is one. */
  put<T extends fhir4.FhirResource>(resource: T): Promise<T> {
    const headers: Record<string, string> = {
      "Content-Type": "application/fhir+json",
      Accept: "application/fhir+json",
    };
    const version = resource.meta?.versionId;
    if (version) headers["If-Match"] = `W/"${version}"`;
    return this.client.request<T>({
      url: `${resource.resourceType}/${encodeURIComponent(resource.id ?? "")}`,
      method: "PUT",
      body: JSON.stringify(resource),
      headers,
    });
  }
}

/** Runs the tasks with at most `limit` at a time; resolves when all are settled. */
export async function inBatches<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let index = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (index < items.length) {
      const item = items[index++];
      try {
        await task(item);
      } catch {
        // each task reports its own failure
      }
    }
  });
  await Promise.all(workers);
}
