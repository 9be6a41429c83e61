/* cow.c: the host kernel's cost of fork and of a copy-on-write fault.
 * A process with 64 MiB resident forks; the child writes one byte per page and
 * exits; the parent waits. 8 rounds. Prints fork time per resident page and
 * COW fault time per page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(void) {
    const size_t size = 64u << 20;
    const long page = sysconf(_SC_PAGESIZE);
    const long pages = size / page;
    const int rounds = 8;
    char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); return 1; }
    memset(p, 1, size);
    int fds[2];
    double fork_total = 0, cow_total = 0;
    for (int r = 0; r < rounds; r++) {
        if (pipe(fds) != 0) { perror("pipe"); return 1; }
        double t0 = now();
        pid_t pid = fork();
        if (pid < 0) { perror("fork"); return 1; }
        if (pid == 0) {
            double t1 = now();
            for (long i = 0; i < pages; i++) p[i * page] = 2;
            double cow = now() - t1;
            if (write(fds[1], &cow, sizeof cow) != sizeof cow) _exit(1);
            _exit(0);
        }
        fork_total += now() - t0;
        double cow;
        if (read(fds[0], &cow, sizeof cow) != sizeof cow) { perror("read"); return 1; }
        cow_total += cow;
        waitpid(pid, NULL, 0);
        close(fds[0]);
        close(fds[1]);
    }
    printf("host fork: %.1f ns per resident page (%.2f ms per fork of 64 MiB)\n",
           fork_total / rounds / pages * 1e9, fork_total / rounds * 1e3);
    printf("host copy-on-write fault: %.0f ns/fault (%.2f M faults/s)\n",
           cow_total / rounds / pages * 1e9, rounds * pages / cow_total / 1e6);
    return 0;
}
