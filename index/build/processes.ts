/** Facts about other processes on this machine, for files that name the process that wrote them. */

/** Whether a process with this id runs on this machine (signal 0 checks without sending anything). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}
