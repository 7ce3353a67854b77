package site

// sysRenameat2 is renameat2's number, which package syscall lacks here.
const sysRenameat2 = 316
