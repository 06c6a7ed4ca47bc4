// Seed section "Using VHostMonster" (vhost.rpy): a front-end proxy forwards to
// /vhost.rpy/http/example.com:80/..., and pages here see example.com as their host.
// Run: ./twistlet web --path examples/htdocs
// then open http://localhost:8080/vhost.rpy/http/example.com:80/where.rpy
import dev.twistlet.web.vhost.VHostMonsterResource;

resource = new VHostMonsterResource();
