# Generic netlink (issue #13): ethtool through the ethtool genetlink
# family and `genl ctrl list` through nlctrl, compared with a namespace
# holding a link of each modelled driver: veth, bridge with a port, tun,
# dummy (when the kernel has it), loopback.

GENL_LINKS = ["lo", "e0", "br0", "p0", "tun0", "d0"]
ETHTOOL_OPTS = ["", "-i", "-S", "-k", "-g", "-l", "-P", "-c", "-a", "-T"]
GENL_HAS_DUMMY = []


def add_fixtures():
    fx = Netns("genl", [
        "ip -n {ns} link add e0 type veth peer name e1",
        "ip -n {ns} link add br0 type bridge",
        "ip -n {ns} link add p0 type veth peer name p1",
        "ip -n {ns} link set p0 master br0",
        "ip -n {ns} link set e0 up",
        "ip -n {ns} link set e1 up",
        "ip -n {ns} link set br0 up",
        "ip -n {ns} link set p0 up",
        "ip -n {ns} tuntap add tun0 mode tun",
    ])
    # dummy is a module some kernels are built without
    if sh("ip -n %s link add d0 type dummy" % fx.name, check=False).returncode == 0:
        GENL_HAS_DUMMY.append(True)
    FIXTURES["genl"] = fx


def _ethtool_script(dev):
    return "; ".join("ethtool %s %s; echo rc=$?" % (o, dev) for o in ETHTOOL_OPTS) + " 2>&1"


def make_genl_ethtool(dev, cap):
    def t(backend):
        if not shutil.which("ethtool"):
            raise Skip("ethtool needed")
        if dev == "d0" and not GENL_HAS_DUMMY:
            raise Skip("the kernel has no dummy driver")
        fx = FIXTURES["genl"]
        script = "for o in '' -i -S -k -g -l -P -c -a -T; do ethtool $o %s; echo rc=$?; done 2>&1" % dev
        who = "" if cap else "setpriv --reuid=65534 --regid=65534 --clear-groups "
        want = fx.run(who + "sh -c " + shlex.quote(script))
        if cap:
            got = veneer_cap(script, backend, fx.snapshot())
        else:
            got = veneer("sh -c " + shlex.quote(script), backend, scenario=fx.snapshot())
        check(want.stdout == got.stdout,
              "ethtool of %s%s differs from Linux:\n--- linux\n%s--- veneer\n%s%s"
              % (dev, "" if cap else " (unprivileged)", want.stdout, got.stdout, got.stderr))
    t.__name__ = "genl: ethtool %s of %s%s" % (" ".join(o or "." for o in ETHTOOL_OPTS), dev,
                                               "" if cap else " (unprivileged)")
    return t


for _d in GENL_LINKS:
    for _cap in (True, False):
        TESTS.append(make_genl_ethtool(_d, _cap))


def _served_families(text):
    """`genl ctrl list` of a kernel with only nlctrl and ethtool: the
    host's blocks of those two families."""
    blocks = text.split("\nName: ")
    keep = [b for b in blocks[1:] if b.startswith(("nlctrl\n", "ethtool\n"))]
    return "".join("\nName: " + b for b in keep)


@test
def genl_ctrl_list_lists_served_families(backend):
    if not shutil.which("genl"):
        raise Skip("iproute2's genl needed")
    fx = FIXTURES["genl"]
    want = fx.run("genl ctrl list")
    if "Name: ethtool" not in want.stdout:
        raise Skip("the kernel has no ethtool netlink")
    got = veneer("genl ctrl list", backend, scenario=fx.snapshot())
    check(got.returncode == 0 and got.stdout == _served_families(want.stdout),
          "genl ctrl list:\n--- linux (served families)\n%s--- veneer\n%s%s"
          % (_served_families(want.stdout), got.stdout, got.stderr))
    for name in ("ethtool", "nlctrl"):
        w = fx.run("genl ctrl get name " + name)
        g = veneer("genl ctrl get name " + name, backend, scenario=fx.snapshot())
        check((w.returncode, w.stdout) == (g.returncode, g.stdout), "genl ctrl get name %s" % name)
    # a family the model's kernel lacks: as a kernel without it
    g = veneer("genl ctrl get name nl80211", backend, scenario=fx.snapshot())
    check(g.returncode == 255 and "No such file or directory" in g.stderr,
          "genl ctrl get name nl80211: exit %d %r" % (g.returncode, g.stderr))


@test
def genl_ethtool_default_model_eth0(backend):
    """The default model's eth0 (a link of no kind) is a VM's virtio_net:
    ethtool prints its settings, not "No data available" (exit 75)."""
    if not shutil.which("ethtool"):
        raise Skip("ethtool needed")
    r = veneer("ethtool eth0", backend)
    check(r.returncode == 0 and "\tSpeed: Unknown!\n" in r.stdout and "Port: Other" in r.stdout
          and r.stdout.endswith("\tLink detected: yes\n"),
          "ethtool eth0: exit %d %r %r" % (r.returncode, r.stdout, r.stderr))
    r = veneer("ethtool -i eth0", backend)
    check(r.stdout.startswith("driver: virtio_net\nversion: 1.0.0\n"), "ethtool -i eth0: %r" % r.stdout)
