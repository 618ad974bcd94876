#!/usr/bin/python3
"""Starts Apertium APY listening on 127.0.0.1 only.

APY has no bind-address option and listens on every interface. This launcher makes tornado's TCPServer.bind
default its address to 127.0.0.1, then runs APY's own main with the arguments given, e.g.
    LC_ALL=C.UTF-8 /usr/bin/python3 scripts/apertium-apy.py -p 2737 /usr/share/apertium/modes
Used by the test harness (tests/integration/support/apertium.rs).
"""
import sys

import tornado.tcpserver

_bind = tornado.tcpserver.TCPServer.bind


def _bind_loopback(self, port, address=None, *args, **kwargs):
    return _bind(self, port, address or "127.0.0.1", *args, **kwargs)


tornado.tcpserver.TCPServer.bind = _bind_loopback

from apertium_apy.apy import main  # noqa: E402  (after the patch on purpose)

if __name__ == "__main__":
    sys.argv[0] = "apertium-apy"
    main()
