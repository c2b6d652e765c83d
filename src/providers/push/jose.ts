/**
 * jose signs the FCM and APNs credentials. Loaded by the first such push: about 1 MB of
 * heap and 2–3 MB of resident memory that a server sending neither never needs.
 */
let jose: Promise<typeof import('jose')> | undefined;

export function loadJose(): Promise<typeof import('jose')> {
  jose ??= import('jose');
  return jose;
}
