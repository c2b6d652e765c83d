/**
 * The server's limits on a category (src/modules/admin/feedback-category.routes.ts): a name
 * of 1 to 64 characters that is not blank once trimmed, a description of at most 255.
 */
export const NAME_MAX = 64;
export const DESCRIPTION_MAX = 255;

export type CategoryProblem = 'required' | 'nameTooLong' | 'descriptionTooLong' | null;

/** Length as the server counts it: UTF-16 code units (TypeBox's maxLength). */
const length = (s: string) => s.length;

export function checkName(raw: string | undefined): CategoryProblem {
  const name = raw ?? '';
  if (name.trim() === '') return 'required';
  return length(name) > NAME_MAX ? 'nameTooLong' : null;
}

export function checkDescription(raw: string | undefined): CategoryProblem {
  return length(raw ?? '') > DESCRIPTION_MAX ? 'descriptionTooLong' : null;
}

/** The body sent: trimmed as the server stores it. */
export function categoryBody(values: { name?: string; description?: string }): { name: string; description: string } {
  return { name: (values.name ?? '').trim(), description: (values.description ?? '').trim() };
}
