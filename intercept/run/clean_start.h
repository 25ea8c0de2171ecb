/* What the program inherits from whoever started veneer, checked before it
 * runs: nothing may give it a way past the cover (docs/design.md, "Threat
 * model"). */
#ifndef VENEER_CLEAN_START_H
#define VENEER_CLEAN_START_H

/* In the supervisor, before the program is forked: close every inherited
 * fd the program would get (not close-on-exec) that reaches the host's
 * kernel state past the model: a procfs or sysfs file or directory, a
 * netlink socket (the filter traps only veneer's own stand-ins). Standard
 * input, output and error are replaced by /dev/null instead. One
 * "veneer:" line on stderr for each. hostproc: the host's /proc. */
void clean_start_fds(int hostproc);

/* In the program's process, once its /proc and /sys are covered: a
 * working directory inside a procfs or sysfs (veneer started from
 * /proc/net or /sys/class/net, say) is the host's own, which the covers do
 * not hide. Move to the same path as the program's namespace shows it
 * (under the cover), or its nearest existing parent. 0 or -errno. */
int clean_start_cwd(void);

#endif
