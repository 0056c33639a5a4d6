/** The paging numbers of a listing answer, as sent (`TotalCount`, `PageNumber`, `PageSize`). */
export interface WirePageFields {
  TotalCount?: number | undefined;
  PageNumber?: number | undefined;
  PageSize?: number | undefined;
}

/** The paging numbers of a parsed page, each present only when the service sent it. */
export interface PageFields {
  totalCount?: number;
  pageNumber?: number;
  pageSize?: number;
}

/** A listing answer's paging numbers under their canonical names; one the service left out stays out (never `undefined`). */
export function pageFields(response: WirePageFields): PageFields {
  const fields: PageFields = {};
  if (response.TotalCount !== undefined) fields.totalCount = response.TotalCount;
  if (response.PageNumber !== undefined) fields.pageNumber = response.PageNumber;
  if (response.PageSize !== undefined) fields.pageSize = response.PageSize;
  return fields;
}
