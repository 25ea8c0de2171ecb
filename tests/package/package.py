#!/usr/bin/env python3
"""The Debian package, built, installed and run where its users run it
(issue #18).

  1. tools/build-deb builds the .deb from this tree (`dpkg-buildpackage
     -us -uc -b`); its control fields, its files and lintian's verdict are
     checked against the tree (the meson version, the libraries the binary
     links, the man page, LICENSE).
  2. A fresh Debian 12 (debootstrap --variant=minbase, cached in the build
     directory) installs it with `apt-get install ./veneer_*.deb`, in a
     chroot.
  3. That root file system, as an image, runs `veneer run -- ip -br addr`
     in rootless podman (as an ordinary user made for it) and, where a
     Docker daemon answers, in Docker, with the flags docs/install.md
     gives; it must print what this build's veneer prints on the host (the
     default model). Without those flags veneer must refuse in one
     `veneer:` line, exit 2.

Output is TAP. Exit 77 (skipped) without dpkg-buildpackage and debhelper;
parts 2 and 3 are skipped, each with its reason, without root, debootstrap,
the network debootstrap and apt-get need, podman or a Docker daemon.
Usage: package.py SOURCE_ROOT BUILD_ROOT VENEER VERSION
"""
import gzip
import os
import pwd
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

SRC, BUILD, VENEER = (os.path.abspath(a) for a in sys.argv[1:4])
VERSION = sys.argv[4]
CACHE = os.path.join(BUILD, "package-cache")
BASE_TAR = os.path.join(CACHE, "debian12-minbase.tar")
PODMAN_USER = "veneer-podman"   # rootless podman's user, made once and kept
BACKENDS = ["notify", "ptrace"]
IP = "ip -br addr"
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"   # the image's: a tar has none

n = 0
failed = 0


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=isinstance(cmd, str), capture_output=True, text=True, **kw)


def report(name, ok, diag=(), skip=None):
    global n, failed
    n += 1
    if skip:
        print("ok %d - %s # SKIP %s" % (n, name, skip))
    elif ok:
        print("ok %d - %s" % (n, name))
    else:
        failed += 1
        print("not ok %d - %s" % (n, name))
        for d in diag:
            for line in str(d).rstrip("\n").split("\n"):
                print("# " + line)
    sys.stdout.flush()


# ---------------------------------------------------------------- the .deb

def build_deb(out):
    r = sh([os.path.join(SRC, "tools", "build-deb"), out])
    report("tools/build-deb builds the .deb", r.returncode == 0, [r.stderr[-3000:]])
    return r.stdout.strip() if r.returncode == 0 else None


def owner(path):
    """The package that holds a file, by any of its names (merged /usr:
    dpkg knows /lib/x/libc.so.6, ldd may say /usr/lib/x/libc.so.6)."""
    real = os.path.realpath(path)
    for p in (path, real, re.sub(r"^/usr/", "/", real), re.sub(r"^/usr/", "/", path)):
        r = sh(["dpkg", "-S", p])
        if r.returncode == 0:
            return r.stdout.split(":")[0]
    return "(no package: %s)" % path


def check_control(deb, tree):
    f = {k: sh(["dpkg-deb", "-f", deb, k]).stdout.strip()
         for k in ("Package", "Version", "Architecture", "Depends")}
    arch = sh(["dpkg", "--print-architecture"]).stdout.strip()
    depends = {d.split()[0] for d in f["Depends"].split(", ")}
    # ${shlibs:Depends}: the package of every library the binary links
    libs = re.findall(r"=> (/\S+)", sh(["ldd", os.path.join(tree, "usr/bin/veneer")]).stdout)
    owners = {owner(l) for l in libs}
    missing = owners - depends
    ok = (f["Package"] == "veneer" and f["Version"] == VERSION and f["Architecture"] == arch
          and owners and not missing)
    report("dpkg-deb -I: veneer %s %s, Depends names every linked library's package" % (VERSION, arch),
           ok, ["control: %r" % f, "linked libraries' packages: %s" % sorted(owners),
                "missing from Depends: %s" % sorted(missing)])


def check_contents(deb):
    lines = sh(["dpkg-deb", "-c", deb]).stdout.splitlines()
    entries = {l.split()[-1]: l.split()[0] for l in lines}   # path -> mode
    want = ["./usr/bin/veneer", "./usr/share/man/man1/veneer.1.gz",
            "./usr/share/doc/veneer/copyright", "./usr/share/doc/veneer/changelog.gz"]
    absent = [p for p in want if p not in entries]
    outside = [p for p in entries if not (p == "./" or p.startswith("./usr/"))]
    # the same binary for root and ordinary users: no setuid
    mode = entries.get("./usr/bin/veneer", "")
    owners = {l.split()[1] for l in lines}
    report("dpkg-deb -c: veneer (0755, root), its man page, copyright, only under /usr",
           not absent and not outside and mode == "-rwxr-xr-x" and owners == {"root/root"},
           ["absent: %s" % absent, "outside /usr: %s" % outside, "veneer's mode: %s" % mode,
            "owners: %s" % sorted(owners)])


def dep5_license(path):
    """The Expat text of debian/copyright's License paragraph, as plain text."""
    text = open(path).read().split("\nLicense: Expat\n")[-1]
    return "\n".join("" if l == " ." else l[1:] for l in text.rstrip("\n").split("\n"))


def check_files(tree):
    got = sh([os.path.join(tree, "usr/bin/veneer"), "--version"]).stdout.strip()
    report("the packaged veneer --version is %s" % VERSION, got == "veneer " + VERSION, ["got: %r" % got])
    with gzip.open(os.path.join(tree, "usr/share/man/man1/veneer.1.gz"), "rb") as m:
        man = m.read()
    report("the packaged man page is docs/veneer.1", man == open(os.path.join(SRC, "docs/veneer.1"), "rb").read())
    copyright_ = open(os.path.join(tree, "usr/share/doc/veneer/copyright")).read()
    lic = open(os.path.join(SRC, "LICENSE")).read()
    body = lic[lic.index("Permission is hereby granted"):].rstrip("\n")
    report("copyright is DEP-5 and carries LICENSE's text",
           copyright_.startswith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/")
           and dep5_license(os.path.join(tree, "usr/share/doc/veneer/copyright")) == body)


def check_lintian(deb):
    if not shutil.which("lintian"):
        report("lintian finds no error or warning", True, skip="lintian is not installed")
        return
    r = sh(["lintian", "--allow-root", "-I", deb])
    bad = [l for l in r.stdout.splitlines() if l[:2] in ("E:", "W:")]
    report("lintian finds no error or warning", not bad and r.returncode == 0, bad or [r.stderr[-2000:]])


# ---------------------------------------------------------------- Debian 12

def base_rootfs():
    """A minbase Debian 12, made by debootstrap once and cached as a tar.
    Returns (tar, None) or (None, why not)."""
    if os.path.exists(BASE_TAR):
        return BASE_TAR, None
    if not shutil.which("debootstrap"):
        return None, "debootstrap is not installed"
    os.makedirs(CACHE, exist_ok=True)
    root = tempfile.mkdtemp(prefix="debootstrap-", dir=CACHE)
    try:
        r = sh(["debootstrap", "--variant=minbase", "bookworm", root])
        if r.returncode != 0:
            return None, "debootstrap failed (no network?): " + (r.stdout + r.stderr).strip()[-300:]
        os.chmod(root, 0o755)
        r = sh(["tar", "-C", root, "-cf", BASE_TAR + ".part", "."])
        if r.returncode != 0:
            return None, "tar: " + r.stderr.strip()
        os.rename(BASE_TAR + ".part", BASE_TAR)
        return BASE_TAR, None
    finally:
        shutil.rmtree(root, ignore_errors=True)


def install_fresh(deb, root):
    """apt-get install ./veneer_*.deb (and iproute2, for the runs) in a
    fresh copy of the base. Returns a reason if skipped, else None."""
    base, why = base_rootfs()
    if not base:
        return why
    sh(["tar", "-C", root, "-xf", base])
    os.chmod(root, 0o755)   # the image's /, for every user in it
    shutil.copy(deb, os.path.join(root, "tmp"))
    name = os.path.basename(deb)
    r = sh(["chroot", root, "apt-get", "update", "-qq"])
    if r.returncode != 0:
        return "apt-get update failed in the chroot (no network?): " + r.stderr.strip()[-300:]
    r = sh(["chroot", root, "apt-get", "install", "-y", "-q", "./tmp/" + name, "iproute2"],
           env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    version = sh(["chroot", root, "veneer", "--version"]).stdout.strip()
    listed = sh(["chroot", root, "dpkg", "-L", "veneer"]).stdout.split()
    report("apt-get install ./%s on a fresh Debian 12" % name,
           r.returncode == 0 and version == "veneer " + VERSION
           and "/usr/share/man/man1/veneer.1.gz" in listed,
           [r.stdout[-1500:], r.stderr[-1500:], "veneer --version: %r" % version])
    os.remove(os.path.join(root, "tmp", name))
    sh(["chroot", root, "apt-get", "clean"])
    return None if r.returncode == 0 else "the package did not install"


# ---------------------------------------------------------------- containers
# Each case: the runtime's flags, the user in the container, and whether
# veneer must serve the model (else: refuse in one veneer: line, exit 2,
# whose text names what to change).

PODMAN_CASES = [
    # root in the container, without CAP_SYS_ADMIN: veneer's user namespace
    ("root, --security-opt unmask=/proc/*", ["--security-opt", "unmask=/proc/*"], True, None),
    ("--user 1000, --security-opt unmask=/proc/*", ["--user", "1000:1000", "--security-opt", "unmask=/proc/*"],
     True, None),
    ("root, podman's defaults (masked /proc)", [], False, "must not mask /proc"),
]
DOCKER_CASES = [
    ("root, --cap-add SYS_ADMIN NET_ADMIN SYS_PTRACE",
     ["--cap-add", "SYS_ADMIN", "--cap-add", "NET_ADMIN", "--cap-add", "SYS_PTRACE"], True, None),
    ("--user 1000, seccomp=unconfined, systempaths=unconfined",
     ["--user", "1000:1000", "--security-opt", "seccomp=unconfined",
      "--security-opt", "systempaths=unconfined"], True, None),
    ("root, Docker's defaults (seccomp profile)", [], False, "CAP_SYS_PTRACE"),
]


def expected(backend):
    """What this build's veneer prints on the host: the default model."""
    return sh([VENEER, "run", "--backend", backend, "--"] + IP.split())


def contained(run, flags, cmd, share):
    """cmd in a container: run + flags + the image, then the command. Its
    output and status come back through files in a mounted directory, not
    the runtime's attach (podman 4.3 loses some of a short-lived
    container's output)."""
    out = tempfile.mkdtemp(prefix="run-", dir=share)
    os.chmod(out, 0o777)   # the container's user writes there
    script = "%s >/out/stdout 2>/out/stderr; echo $? >/out/status" % " ".join(map(shlex.quote, cmd))
    r = run(["-v", out + ":/out"] + flags, ["sh", "-c", script])
    try:
        def read(name):
            with open(os.path.join(out, name)) as f:
                return f.read()
        return subprocess.CompletedProcess(cmd, int(read("status")), read("stdout"), read("stderr"))
    except (OSError, ValueError):   # the container itself did not run
        return r
    finally:
        shutil.rmtree(out, ignore_errors=True)


def run_cases(runtime, run, cases, share):
    for name, flags, serves, hint in cases:
        for b in BACKENDS:
            got = contained(run, flags, ["veneer", "run", "--backend", b, "--"] + IP.split(), share)
            title = "%s: %s [%s]" % (runtime, name, b)
            if serves:
                want = expected(b)
                report(title + " prints the default model",
                       got.returncode == 0 and got.stdout == want.stdout and want.stdout,
                       ["--- host\n" + want.stdout, "--- container (exit %d)\n%s%s"
                        % (got.returncode, got.stdout, got.stderr)])
            else:
                lines = got.stderr.splitlines()
                report(title + " refuses in one veneer: line, exit 2",
                       got.returncode == 2 and len(lines) == 1 and lines[0].startswith("veneer: ")
                       and hint in lines[0], ["exit %d: %s" % (got.returncode, got.stderr)])


def podman_user():
    """An ordinary user with subordinate ids for rootless podman."""
    try:
        pwd.getpwnam(PODMAN_USER)
    except KeyError:
        r = sh(["useradd", "-m", "-s", "/bin/sh", PODMAN_USER])
        if r.returncode != 0:
            return None, "useradd: " + r.stderr.strip()
    if not any(l.startswith(PODMAN_USER + ":") for l in open("/etc/subuid")):
        return None, "%s has no subordinate uids in /etc/subuid" % PODMAN_USER
    return PODMAN_USER, None


def podman(tar, tag, share):
    if not shutil.which("podman"):
        return "podman is not installed"
    user, why = podman_user()
    if not user:
        return why
    pw = pwd.getpwnam(user)
    as_user = ["runuser", "-u", user, "--", "env", "HOME=" + pw.pw_dir, "podman"]
    # A store of this run's own, removed with it: nothing is left in the
    # user's, whose driver may be vfs (a copy of the image per container,
    # 10 s a run here); native overlay where the kernel lets a user mount it
    for driver in ("overlay", "vfs"):
        store = os.path.join(share, "podman-" + driver)
        os.mkdir(store)
        os.chown(store, pw.pw_uid, pw.pw_gid)
        pm = as_user + ["--root", store + "/root", "--runroot", store + "/run", "--tmpdir", store + "/tmp",
                        "--storage-driver", driver]
        if sh(pm + ["info"], cwd="/").returncode == 0:
            break
    r = sh(pm + ["import", "--change", "ENV PATH=" + PATH, tar, tag], cwd="/")
    if r.returncode != 0:
        return "podman import: " + r.stderr.strip()[-300:]
    try:
        # crun, podman's default, refuses a hybrid cgroup hierarchy (this
        # machine's); runc takes it
        for runtime in ([], ["--runtime", "runc"]):
            base = pm + ["run", "--rm", "--network", "none"] + runtime
            t = sh(base + [tag, "true"], cwd="/")
            if t.returncode == 0:
                run_cases(" ".join(["podman"] + runtime[1:]),
                          lambda flags, cmd: sh(base + flags + [tag] + cmd, cwd="/"), PODMAN_CASES, share)
                return None
        return "podman cannot run a container here: " + t.stderr.strip()[-300:]
    finally:
        sh(pm + ["rmi", "-f", tag], cwd="/")
        end_pause_process(os.path.join(store, "tmp", "pause.pid"), pw.pw_uid)


def end_pause_process(pidfile, uid):
    """Rootless podman leaves a process holding its user namespace, whose
    pid it writes in its tmpdir (this run's): it goes with the run."""
    try:
        pid = int(open(pidfile).read())
        if os.stat("/proc/%d" % pid).st_uid == uid:
            os.kill(pid, 9)
    except (OSError, ValueError):
        pass


def docker(tar, tag, share):
    if not shutil.which("docker") or sh(["docker", "info"]).returncode != 0:
        return "no Docker daemon answers"
    r = sh(["docker", "import", "--change", "ENV PATH=" + PATH, tar, tag])
    if r.returncode != 0:
        return "docker import: " + r.stderr.strip()[-300:]
    base = ["docker", "run", "--rm", "--network", "none"]
    run_cases("docker", lambda flags, cmd: sh(base + flags + [tag] + cmd), DOCKER_CASES, share)
    sh(["docker", "rmi", "-f", tag])
    return None


def containers(rootfs):
    """The installed Debian 12 as an image, in each runtime that runs here."""
    share = os.path.dirname(rootfs)
    os.chmod(share, 0o755)   # rootless podman's user reads the tar, mounts from here
    tar = rootfs + ".tar"
    sh(["tar", "-C", rootfs, "-cf", tar, "."])
    os.chmod(tar, 0o644)
    tag = "localhost/veneer-it:%d" % os.getpid()
    for name, runtime in (("podman (rootless) runs veneer", podman), ("Docker runs veneer", docker)):
        why = runtime(tar, tag, share)
        if why:
            report(name, True, skip=why)
    os.remove(tar)


# ---------------------------------------------------------------- main

def main():
    for tool in ("dpkg-buildpackage", "dh", "dpkg-deb"):
        if not shutil.which(tool):
            print("1..0 # SKIP %s is not installed (apt-get install dpkg-dev debhelper)" % tool)
            return 77
    top = tempfile.mkdtemp(prefix="veneer-package-")
    try:
        deb = build_deb(top)
        if not deb:
            print("Bail out! no .deb")
            return 1
        tree = os.path.join(top, "tree")
        sh(["dpkg-deb", "-x", deb, tree])
        check_control(deb, tree)
        check_contents(deb)
        check_files(tree)
        check_lintian(deb)
        if os.geteuid() != 0:
            report("apt-get install on a fresh Debian 12, and containers", True,
                   skip="a chroot and a podman user need root")
        else:
            rootfs = os.path.join(top, "rootfs")
            os.mkdir(rootfs)
            why = install_fresh(deb, rootfs)
            if why:
                report("apt-get install on a fresh Debian 12, and containers", True, skip=why)
            else:
                containers(rootfs)
    finally:
        shutil.rmtree(top, ignore_errors=True)
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
