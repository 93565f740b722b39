/*
 * peak_rss: runs a command and prints its wall time and peak resident memory, for the
 * whole-process benchmarks (compare_calc.py). A child's ru_maxrss keeps the high-water mark of
 * the process it was forked from (the kernel carries it over exec), so measuring from a big
 * Python parent would charge the parent's memory to the child; this program is small, so the
 * figure is the command's own.
 * Usage: peak_rss STDOUT_FILE COMMAND [ARG...]  prints "wall_s=... maxrss_kb=... status=..."
 * GPL-3.0-or-later; see LICENSE.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: peak_rss STDOUT_FILE COMMAND [ARG...]\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("peak_rss: fork");
        return 2;
    }
    if (pid == 0) {
        int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0) {
            perror(argv[1]);
            _exit(127);
        }
        close(fd);
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("peak_rss: wait4");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    printf("wall_s=%.6f maxrss_kb=%ld status=%d\n", wall, ru.ru_maxrss,
           WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    return 0;
}
