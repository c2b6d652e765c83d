/** A PEM key pasted with its line breaks escaped (as in an environment variable) reads as the file would. */
export function pemText(pem: string): string {
  return pem.includes('\\n') && !pem.includes('\n') ? pem.replace(/\\n/g, '\n') : pem;
}
