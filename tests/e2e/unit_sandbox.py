"""The seccomp part of dealerd.service, without systemd: a filter built
from the unit's own SystemCallFilter=, SystemCallErrorNumber=,
SystemCallArchitectures=native, RestrictAddressFamilies= and
MemoryDenyWriteExecute=, the way systemd 252 builds them (every refusal is
an error number, never a kill), installed in this process before it execs
a command. test_sandbox runs dealerd under it, since no systemd runs here.
Namespaces, mounts and users (ProtectSystem=, PrivateTmp=, DynamicUser=,
...) are not imitated: those need a service manager.

x86-64 only: syscall numbers come from the kernel headers of that
architecture (linux-libc-dev). Standard library only.

    python3 unit_sandbox.py COMMAND [ARG...]
"""

import ctypes
import errno
import functools
import os
import platform
import socket
import struct
import subprocess
import sys

from install_tree import SOURCE, unit_settings

SERVICE = os.path.join(SOURCE, "systemd", "dealerd.service.in")
UNISTD = "/usr/include/x86_64-linux-gnu/asm/unistd_64.h"

AUDIT_ARCH_X86_64 = 0xC000003E
X32_SYSCALL_BIT = 0x40000000
PROT_WRITE, PROT_EXEC = 0x2, 0x4
SHM_EXEC = 0o100000
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2

# Classic BPF opcodes, and where seccomp_data keeps what the filter reads.
LD_ABS, JEQ, JGE, AND, RET = 0x20, 0x15, 0x35, 0x54, 0x06
NR, ARCH = 0, 4


def arg_low(n):
    """Offset of the low 32 bits of syscall argument n (little-endian)."""
    return 16 + 8 * n


def why_unsupported():
    """Why the sandbox cannot be built on this machine, or None."""
    if platform.machine() != "x86_64":
        return "the sandbox knows the syscall numbers of x86-64 only"
    if not os.path.exists(UNISTD):
        return UNISTD + " is missing (linux-libc-dev)"
    return None


@functools.lru_cache(maxsize=None)
def syscall_numbers():
    """{name: number} of this architecture's syscalls."""
    numbers = {}
    with open(UNISTD) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[0] == "#define" and parts[1].startswith("__NR_"):
                numbers[parts[1][len("__NR_"):]] = int(parts[2])
    return numbers


@functools.lru_cache(maxsize=None)
def syscall_group(name):
    """The syscalls a name of SystemCallFilter= stands for: a group such as
    @system-service (as systemd-analyze lists it, nested groups expanded)
    or a single syscall."""
    if not name.startswith("@"):
        return frozenset([name])
    out = subprocess.run(["systemd-analyze", "syscall-filter", name], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True, timeout=60, check=True).stdout
    names = set()
    for line in out.splitlines()[1:]:
        entry = line.strip()
        if entry and not entry.startswith("#"):
            names |= syscall_group(entry)
    return frozenset(names)


def allowed_syscalls(filters):
    """The syscall numbers the unit's SystemCallFilter= lines allow, applied
    in order as systemd does: the first line, an allow list, starts from
    nothing; each later line adds to it, or with ~ takes away."""
    allowed = set()
    for value in filters:
        deny = value.startswith("~")
        names = set().union(*(syscall_group(n) for n in value.lstrip("~").split()))
        allowed = allowed - names if deny else allowed | names
    numbers = syscall_numbers()
    return sorted(numbers[n] for n in allowed if n in numbers)


def stmt(code, k, jt=0, jf=0):
    """One BPF instruction (struct sock_filter): jt and jf count the
    instructions skipped when a jump's test is true or false."""
    return struct.pack("HBBI", code, jt, jf, k)


def error(number):
    """Return: the syscall fails with errno number, as systemd refuses."""
    return stmt(RET, SECCOMP_RET_ERRNO | number)


def argument_rule(nr, arg, mask, refused, number):
    """Refuses syscall nr with errno number when (argument arg & mask) ==
    refused; otherwise goes on with the syscall number loaded again."""
    return [stmt(JEQ, nr, 0, 4), stmt(LD_ABS, arg_low(arg)), stmt(AND, mask), stmt(JEQ, refused, 0, 1),
            error(number), stmt(LD_ABS, NR)]


def family_rule(nr, families):
    """socket() with an address family outside families: EAFNOSUPPORT, as
    RestrictAddressFamilies= answers."""
    n = len(families)
    out = [stmt(JEQ, nr, 0, n + 2), stmt(LD_ABS, arg_low(0))]
    # An allowed family jumps past the other checks and the refusal.
    out += [stmt(JEQ, family, n - i, 0) for i, family in enumerate(families)]
    out += [error(errno.EAFNOSUPPORT), stmt(LD_ABS, NR)]
    return out


def program(settings):
    """The filter for a unit's settings ({key: [values]}), as bytes of
    sock_filter."""
    number = getattr(errno, settings.get("SystemCallErrorNumber", ["EPERM"])[-1])
    nrs = syscall_numbers()
    out = [stmt(LD_ABS, ARCH), stmt(JEQ, AUDIT_ARCH_X86_64, 1, 0), error(number),
           stmt(LD_ABS, NR), stmt(JGE, X32_SYSCALL_BIT, 0, 1), error(number)]
    if settings.get("MemoryDenyWriteExecute", ["no"])[-1] == "yes":
        out += argument_rule(nrs["mmap"], 2, PROT_WRITE | PROT_EXEC, PROT_WRITE | PROT_EXEC, errno.EPERM)
        out += argument_rule(nrs["mprotect"], 2, PROT_EXEC, PROT_EXEC, errno.EPERM)
        out += argument_rule(nrs["pkey_mprotect"], 2, PROT_EXEC, PROT_EXEC, errno.EPERM)
        out += argument_rule(nrs["shmat"], 2, SHM_EXEC, SHM_EXEC, errno.EPERM)
    if "RestrictAddressFamilies" in settings:
        families = [int(getattr(socket, f)) for f in settings["RestrictAddressFamilies"][-1].split()]
        out += family_rule(nrs["socket"], families)
    for nr in allowed_syscalls(settings.get("SystemCallFilter", [])):
        out += [stmt(JEQ, nr, 0, 1), stmt(RET, SECCOMP_RET_ALLOW)]
    out.append(error(number))
    return b"".join(out)


def install(code):
    """Installs the filter in this process, for good (and for whatever it
    execs). Raises OSError when the kernel refuses it."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]

    prog = Program(len(code) // 8, code)
    steps = ((PR_SET_NO_NEW_PRIVS, 1, None), (PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(prog)))
    for option, arg, ptr in steps:
        if libc.prctl(option, arg, ptr, 0, 0) != 0:
            e = ctypes.get_errno()
            raise OSError(e, "prctl(%d): %s" % (option, os.strerror(e)))


def command():
    """The argv prefix that runs a command in the sandbox of dealerd.service."""
    return [sys.executable, os.path.abspath(__file__)]


def main(argv):
    """Builds the filter (everything that may fail, while nothing is
    filtered yet), installs it and becomes argv."""
    code = program(unit_settings(SERVICE))
    install(code)
    os.execv(argv[0], argv)


if __name__ == "__main__":
    main(sys.argv[1:])
