# veneer run by an ordinary user (issue #18): it makes its namespaces in a
# user namespace of its own, and the program runs with the user's own
# uid and gid. What the model serves is the same as under root; what the
# program does natively (files it makes, its identity) is the same as the
# user natively. Skipped where the kernel lets no ordinary user make a
# user namespace.

import pwd
import shlex
import stat

NOBODY = pwd.getpwnam("nobody")


def as_nobody(cmd):
    """cmd run as nobody (no supplementary groups), in the empty namespace."""
    return sh("ip netns exec %s setpriv --reuid=%d --regid=%d --clear-groups -- sh -c %s"
              % (EMPTY.name, NOBODY.pw_uid, NOBODY.pw_gid, shlex.quote(cmd)), check=False)


def user_namespaces_allowed():
    return as_nobody("unshare -U true").returncode == 0


def public_scenario():
    """The default model's snapshot of the veth fixture, readable by nobody."""
    path = os.path.join(TMP, "nobody.json")
    if not os.path.exists(path):
        os.chmod(TMP, 0o711)   # nobody may reach this file, not list the rest
        shutil.copy(FIXTURES["veth"].snapshot(), path)
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP | stat.S_IROTH)
    return path


def public_veneer():
    """veneer where nobody can run it (the build directory may be under
    /root): a copy in the suite's directory."""
    path = os.path.join(TMP, "veneer")
    if not os.path.exists(path):
        os.chmod(TMP, 0o711)
        shutil.copy(VENEER, path)
        os.chmod(path, 0o755)
    return path


def nobody_veneer(cmd, backend):
    return as_nobody("%s run --backend %s --scenario %s -- %s"
                     % (public_veneer(), backend, public_scenario(), cmd))


@test
def unprivileged_serves_the_model(backend):
    """As nobody: ip, /proc/net/dev, ss, ps and psutil give the model, as under root."""
    if not user_namespaces_allowed():
        raise Skip("this kernel lets no ordinary user make a user namespace")
    cmd = ("sh -c 'ip -br addr; ip route; head -4 /proc/net/dev; ss -tan; ps -e -o comm=; "
           "/usr/bin/python3 -c \"import psutil; print(sorted(psutil.net_if_addrs()))\"'")
    got = nobody_veneer(cmd, backend)
    want = veneer(cmd, backend, scenario=public_scenario())
    check(got.returncode == 0 and "psutil" not in got.stderr, "exit %d: %s" % (got.returncode, got.stderr))
    check(got.stdout == want.stdout, "--- root under veneer\n%s--- nobody under veneer\n%s"
          % (want.stdout, got.stdout))


@test
def unprivileged_identity_is_the_users(backend):
    """As nobody: id, a file made and its owner are as natively."""
    if not user_namespaces_allowed():
        raise Skip("this kernel lets no ordinary user make a user namespace")
    f = "/tmp/veneer-it-%d-owned" % os.getpid()
    cmd = "sh -c 'id; touch %s; stat -c \"%%U %%G %%a\" %s; rm %s'" % (f, f, f)
    want = as_nobody(cmd)
    got = nobody_veneer(cmd, backend)
    check((got.stdout, got.returncode) == (want.stdout, want.returncode) and want.stdout,
          "--- linux\n%s--- veneer\n%s%s" % (want.stdout, got.stdout, got.stderr))


@test
def unprivileged_cannot_mount_a_procfs(backend):
    """As nobody: a nested user namespace cannot mount a procfs past the covers."""
    if not user_namespaces_allowed():
        raise Skip("this kernel lets no ordinary user make a user namespace")
    got = nobody_veneer("sh -c 'unshare -Urpmf --mount-proc cat /proc/1/cmdline; echo rc=$?'", backend)
    check("rc=1" in got.stdout and "cmdline" not in got.stdout, got.stdout + got.stderr)


def as_root_without_admin(cmd):
    """cmd as root without CAP_SYS_ADMIN and CAP_NET_ADMIN, as a
    container's root is (podman's, Docker's, Kubernetes' defaults)."""
    return sh("ip netns exec %s setpriv --bounding-set -sys_admin,-net_admin -- %s"
              % (EMPTY.name, cmd), check=False)


@test
def root_without_cap_sys_admin_serves_the_model(backend):
    """Root without CAP_SYS_ADMIN: veneer goes through a user namespace, and
    the model and the program's identity are as under root with it."""
    if as_root_without_admin("unshare -U true").returncode != 0:
        raise Skip("this kernel lets no user namespace be made")
    cmd = "sh -c 'id; ip -br addr; head -4 /proc/net/dev; ps -e -o comm='"
    want = veneer(cmd, backend, scenario=public_scenario())
    got = as_root_without_admin("%s run --backend %s --scenario %s -- %s"
                                % (VENEER, backend, public_scenario(), cmd))
    check(got.returncode == 0 and got.stdout == want.stdout and "uid=0(root)" in want.stdout,
          "--- root under veneer\n%s--- root without CAP_SYS_ADMIN under veneer (exit %d)\n%s%s"
          % (want.stdout, got.returncode, got.stdout, got.stderr))
