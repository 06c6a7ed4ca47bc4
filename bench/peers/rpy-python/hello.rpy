# The rpy scenario's script for Twisted: the same page, run on every request.
from twisted.web.resource import Resource


class Hello(Resource):
    def render_GET(self, request):
        return b"<html>Hello, world!</html>"


resource = Hello()
