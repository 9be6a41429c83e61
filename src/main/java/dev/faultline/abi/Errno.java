package dev.faultline.abi;

/** Error numbers (Linux values); a failing call returns {@code -errno}. */
public final class Errno {
    private Errno() {}

    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EIO = 5, ENOEXEC = 8, EBADF = 9, ECHILD = 10,
            EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, EEXIST = 17, EISDIR = 21, EINVAL = 22,
            EMFILE = 24, EFBIG = 27, ENOSPC = 28, ESPIPE = 29, EPIPE = 32, ENOSYS = 38;
}
