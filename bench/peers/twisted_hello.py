"""The Twisted peer of the hello scenarios: the same tree as BenchRoot.

Usage: python3 twisted_hello.py PORT   (Debian's python3-twisted, /usr/bin/python3)
"""
import sys

from twisted.internet import endpoints, reactor
from twisted.web import resource, server

HELLO = b"Hello, world!"


class Hello(resource.Resource):
    def render_GET(self, request):
        request.setHeader(b"content-type", b"text/html; charset=utf-8")
        return HELLO


class Count(resource.Resource):
    """Reads and writes the browser's session: the counter of the seed's Session section."""

    def render_GET(self, request):
        session = request.getSession()
        session.count = getattr(session, "count", 0) + 1
        request.setHeader(b"content-type", b"text/html; charset=utf-8")
        return b"visit %d" % session.count


def tree():
    root = resource.Resource()
    root.putChild(b"hello", Hello())
    root.putChild(b"session", Count())
    level = Hello()
    for name in [b"hello", b"e", b"d", b"c", b"b"]:
        parent = resource.Resource()
        parent.putChild(name, level)
        level = parent
    root.putChild(b"a", level)
    return root


if __name__ == "__main__":
    port = int(sys.argv[1])
    endpoints.TCP4ServerEndpoint(reactor, port, interface="127.0.0.1").listen(server.Site(tree()))
    print("twisted: serving http://127.0.0.1:%d/" % port, flush=True)
    reactor.run()
