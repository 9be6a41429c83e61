package dev.faultline.kernel;

/** An open file description: shared by the fds that fork and dup make, with one offset. */
final class OpenFile {
    enum Kind { STDIN, STDOUT, STDERR, FILE }

    final Kind kind;
    final Inode inode;
    final boolean readable;
    final boolean writable;
    final boolean append;
    long offset;

    OpenFile(Kind kind, Inode inode, boolean readable, boolean writable, boolean append) {
        this.kind = kind;
        this.inode = inode;
        this.readable = readable;
        this.writable = writable;
        this.append = append;
    }
}
