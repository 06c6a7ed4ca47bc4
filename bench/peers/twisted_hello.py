"""The Twisted peer of the hello scenarios: the same tree as BenchRoot, with no access log
(Site's default writes a line per request to Twisted's log system; the launcher writes none
unless asked with --logfile).

Usage: python3 twisted_hello.py PORT                 HTTP/1.1 on 127.0.0.1:PORT
       python3 twisted_hello.py PORT ssl KEY CERT    TLS, with h2 by ALPN when python3-h2 is installed
(Debian's python3-twisted, /usr/bin/python3)
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


class QuietSite(server.Site):
    """A Site without an access log."""

    def log(self, request):
        pass


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
    if sys.argv[2:3] == ["ssl"]:
        key, cert = sys.argv[3], sys.argv[4]
        description = "ssl:port=%d:interface=127.0.0.1:privateKey=%s:certKey=%s" % (
            port, key.replace(":", "\\:"), cert.replace(":", "\\:"))
        scheme = "https"
    else:
        description = "tcp:port=%d:interface=127.0.0.1" % port
        scheme = "http"
    endpoints.serverFromString(reactor, description).listen(QuietSite(tree()))
    print("twisted: serving %s://127.0.0.1:%d/" % (scheme, port), flush=True)
    reactor.run()
