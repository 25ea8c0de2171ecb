# NETLINK_ROUTE beyond the foundation (issue #3): kind data of bridges,
# bridge ports and taps, statistics, netconf, IPv6 rules; the model's
# changes under --cap CAP_NET_ADMIN. Runs inside integration.py's namespace
# (see "more tests" there).
import re

# Bridge and port timers count down in the kernel between the snapshot and
# the native run; the model serves the snapshot's value. Masked, as ip prints
# them ("gc_timer  299.68" in text, "gc_timer":299.68 in JSON).
_TIMER = re.compile(r'("?(?:hello|tcn|topology_change|gc|message_age|forward_delay|hold)_timer"?)[: ]+[0-9.]+')


def mask_timers(text):
    # the padding goes too: ip prints timers with %8.2f
    return _TIMER.sub(r"\1 <t>", text)


RTNL_COMPARED = {
    "bridge": ["ip -d link", "ip -d addr", "ip -d link show dev br0", "ip -j -d link",
               "ip -d link show master br0", "ip netconf", "ip -6 netconf show dev br0"],
    "veth": ["ip -s link", "ip -s -s link", "ip -d addr", "ip -j -d -s addr show", "ip netconf",
             "ip -4 netconf show dev eth0", "ip -6 rule", "ip -j -s -s link"],
    "tables": ["ip -6 rule", "ip -j rule", "ip netconf"],
}


def make_rtnl_compare(fixture, cmd):
    def t(backend):
        same_as_native(fixture, cmd, backend, normalize=mask_timers)
    t.__name__ = "rtnl %s: %s" % (fixture, cmd)
    return t


for _fx, _cmds in RTNL_COMPARED.items():
    for _c in _cmds:
        TESTS.append(make_rtnl_compare(_fx, _c))


# Without --cap CAP_NET_ADMIN a change is refused as Linux refuses it to an
# unprivileged user (compared with ip run as nobody in the namespace).
RTNL_CHANGES = ["ip addr add 10.0.2.77/24 dev eth0", "ip link set eth0 mtu 1400",
                "ip route add 10.77.0.0/16 via 10.0.2.2", "ip addr del 10.0.2.15/24 dev eth0",
                "ip link set eth0 down", "ip rule add from 10.0.2.0/24 table 7",
                "ip neigh add 10.0.2.9 lladdr 52:55:0a:00:02:09 dev eth0"]


def make_unprivileged(cmd):
    def t(backend):
        fx = FIXTURES["veth"]
        want = fx.run("setpriv --reuid=65534 --regid=65534 --clear-groups " + cmd)
        got = veneer(cmd, backend, scenario=fx.snapshot())
        check((want.returncode, want.stdout, want.stderr) == (got.returncode, got.stdout, got.stderr),
              "%s: linux (exit %d) %r, veneer (exit %d) %r"
              % (cmd, want.returncode, want.stderr, got.returncode, got.stderr))
    t.__name__ = "rtnl without CAP_NET_ADMIN: %s" % cmd
    return t


for _c in RTNL_CHANGES:
    TESTS.append(make_unprivileged(_c))
