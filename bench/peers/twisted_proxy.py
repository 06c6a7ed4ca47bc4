"""The proxy scenario's Twisted peer: the seed's ReverseProxyResource in front of the
local upstream.

Usage: python3 twisted_proxy.py PORT UPSTREAM_PORT   (Debian's python3-twisted)
"""
import sys

from twisted.internet import endpoints, reactor
from twisted.web import proxy, server

site = server.Site(proxy.ReverseProxyResource("127.0.0.1", int(sys.argv[2]), b""))
endpoints.TCP4ServerEndpoint(reactor, int(sys.argv[1]), interface="127.0.0.1").listen(site)
reactor.run()
