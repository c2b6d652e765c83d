/** Thread priorities of this process, read from /proc (Linux sets them per thread). */
import { readdirSync, readFileSync } from 'node:fs';

/** Field 19 of a /proc/<pid>/task/<tid>/stat line: the thread's nice value. */
const niceOf = (stat: string) => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);

/** Nice values of this process's threads. */
export function threadNices(): number[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      return [niceOf(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8'))];
    } catch {
      return []; // the thread ended between the listing and the read
    }
  });
}

/** The nice value of the calling thread (the event loop's, in a test). */
export const threadNice = () => niceOf(readFileSync('/proc/thread-self/stat', 'utf8'));
