#include "remote/manifest.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <atomic>
#include <fcntl.h>
#include <mutex>
#include <openssl/evp.h>
#include <thread>
#include <unistd.h>

#include "remote/remote_job.h"
#include "remote/ssh_host.h"

namespace ct::remote {
namespace {

// Lists a file or folder tree as "<sha256 hex> <size> <path as hex>" lines, with hashing in a
// few threads (hashlib runs without the interpreter lock on large reads).
const char* const kPythonManifest = R"py(import concurrent.futures as cf, hashlib, os, sys
root = os.fsencode(sys.argv[1]); want = sys.argv[2] == "hash"
def files():
    if os.path.isfile(root):
        yield b""
        return
    for d, dirs, names in os.walk(root, followlinks=True):
        dirs.sort()
        for n in sorted(names):
            p = os.path.join(d, n)
            if os.path.isfile(p):
                yield os.path.relpath(p, root)
def one(rel):
    p = os.path.join(root, rel) if rel else root
    if not want:
        return rel, os.path.getsize(p), "-"
    h = hashlib.sha256(); n = 0
    with open(p, "rb", buffering=0) as f:
        while True:
            b = f.read(1 << 20)
            if not b:
                break
            h.update(b); n += len(b)
    return rel, n, h.hexdigest()
if not os.path.exists(root):
    sys.exit(3)
with cf.ThreadPoolExecutor(4) as ex:
    for rel, n, hx in ex.map(one, list(files())):
        sys.stdout.write("%s %d %s\n" % (hx, n, rel.hex()))
)py";

// The same without python3: find + wc + sha256sum, the path hex-encoded by od.
const char* const kShellManifest = R"sh(r=$1; w=$2
[ -e "$r" ] || exit 3
find -L "$r" -type f -exec sh -c 'w=$1; r=$2; shift 2; for f; do s=$(wc -c < "$f"); if [ "$w" = hash ]; then h=$(sha256sum < "$f" | cut -c1-64); else h=-; fi; printf "%s %s " "$h" "$s"; printf "%s" "${f#"$r"}" | sed "1s,^/,," | od -An -v -tx1 | tr -d " \n"; echo; done' sh "$w" "$r" {} +
)sh";

// Hashes files as they arrive: each waits until its expected size has been read (a writer that
// stops for two minutes gives up that file, reported as "-").
const char* const kFollowingHasher = R"py(import hashlib, os, sys, time
root = os.fsencode(sys.argv[1])
for item in sys.argv[2:]:
    hexpath, size = item.rsplit(":", 1)
    size = int(size); rel = bytes.fromhex(hexpath)
    p = os.path.join(root, rel) if rel else root
    h = hashlib.sha256(); n = 0; last = time.time(); f = None
    while n < size:
        if f is None:
            try:
                f = open(p, "rb", buffering=0)
            except OSError:
                if time.time() - last > 120: break
                time.sleep(0.005); continue
        b = f.read(min(1 << 20, size - n))
        if b:
            h.update(b); n += len(b); last = time.time()
        else:
            if time.time() - last > 120: break
            time.sleep(0.002)
    if f: f.close()
    if n == size and os.path.getsize(p) == size:
        print("%s %d %s" % (h.hexdigest(), size, hexpath), flush=True)
    else:
        print("- -1 %s" % hexpath, flush=True)
)py";

Manifest parseManifest(const QByteArray& text) {
  Manifest m;
  for (const QByteArray& line : text.split('\n')) {
    const QList<QByteArray> f = line.split(' ');
    if (f.size() < 2) continue;
    ManifestEntry e;
    e.sha256 = f[0] == "-" ? QByteArray() : f[0];
    e.size = f[1].toLongLong();
    e.path = QByteArray::fromHex(f.value(2));
    m.insert(e.path, e);
  }
  return m;
}

bool hashFile(const QString& path, QByteArray* hex, qint64* size, std::atomic<qint64>& progress, const std::function<bool()>& cancelled) {
  const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  static constexpr size_t kChunk = 1 << 20;
  std::unique_ptr<char[]> buf(new char[kChunk]);
  qint64 n = 0;
  bool ok = true;
  while (true) {
    const ssize_t got = ::read(fd, buf.get(), kChunk);
    if (got < 0) {
      ok = false;
      break;
    }
    if (got == 0) break;
    EVP_DigestUpdate(ctx, buf.get(), static_cast<size_t>(got));
    n += got;
    progress += got;
    if (cancelled && (n & ((64 << 20) - 1)) < static_cast<qint64>(kChunk) && cancelled()) {
      ok = false;
      break;
    }
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, md, &len);
  EVP_MD_CTX_free(ctx);
  ::close(fd);
  *hex = QByteArray(reinterpret_cast<const char*>(md), static_cast<int>(len)).toHex();
  *size = n;
  return ok;
}

}  // namespace

QString displayPath(const QByteArray& path) { return path.isEmpty() ? QStringLiteral("(the file)") : QString::fromUtf8(path); }

qint64 totalBytes(const Manifest& m) {
  qint64 t = 0;
  for (const auto& e : m) t += e.size;
  return t;
}

std::optional<Manifest> localManifest(const QString& root, bool hash, int threads, QString* error, const std::function<void(qint64)>& onBytes,
                                      const std::function<bool()>& cancelled) {
  const QFileInfo info(root);
  if (!info.exists()) {
    *error = QStringLiteral("%1 does not exist").arg(root);
    return std::nullopt;
  }
  QList<QPair<QByteArray, QString>> files;  // relative, absolute
  if (info.isFile()) {
    files << qMakePair(QByteArray(), info.absoluteFilePath());
  } else {
    const QDir base(info.absoluteFilePath());
    QDirIterator it(base.path(), QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDirIterator::Subdirectories | QDirIterator::FollowSymlinks);
    while (it.hasNext()) {
      const QString f = it.next();
      if (!QFileInfo(f).isFile()) continue;
      files << qMakePair(QFile::encodeName(base.relativeFilePath(f)), f);
    }
  }
  Manifest m;
  for (const auto& f : files) m.insert(f.first, {f.first, QFileInfo(f.second).size(), {}});
  if (!hash) return m;
  std::atomic<qint64> done{0};
  std::atomic<int> next{0};
  std::mutex lock;
  QString failed;
  auto worker = [&] {
    for (int i = next++; i < files.size(); i = next++) {
      QByteArray hex;
      qint64 size = 0;
      if (!hashFile(files[i].second, &hex, &size, done, cancelled)) {
        std::lock_guard<std::mutex> g(lock);
        if (failed.isEmpty()) failed = QStringLiteral("cannot read %1").arg(files[i].second);
        return;
      }
      std::lock_guard<std::mutex> g(lock);
      m[files[i].first].sha256 = hex;
      m[files[i].first].size = size;
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(1, threads); ++t) pool.emplace_back(worker);
  if (onBytes) {
    while (next < files.size() + static_cast<int>(pool.size())) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      onBytes(done.load());
      bool allDone = true;
      {
        std::lock_guard<std::mutex> g(lock);
        for (const auto& e : m)
          if (e.sha256.isEmpty()) allDone = false;
        if (!failed.isEmpty()) allDone = true;
      }
      if (allDone) break;
    }
  }
  for (auto& t : pool) t.join();
  if (onBytes) onBytes(done.load());
  if (!failed.isEmpty() || (cancelled && cancelled())) {
    *error = failed.isEmpty() ? QStringLiteral("cancelled") : failed;
    return std::nullopt;
  }
  return m;
}

std::optional<Manifest> remoteManifest(SshHost& ssh, const QString& root, bool hash, QString* error) {
  ExecOptions o;
  o.timeoutMs = 0;
  const QString mode = hash ? QStringLiteral("hash") : QStringLiteral("sizes");
  ExecResult r = ssh.exec({ssh.profile().tool(QStringLiteral("python3")), QStringLiteral("-c"), QString::fromLatin1(kPythonManifest), root, mode}, o);
  if (r.ran && r.exitCode == 127) r = ssh.script(kShellManifest, {root, mode}, o);  // no python3 there
  if (!r.ran || r.exitCode != 0) {
    *error = r.ran && r.exitCode == 3 ? QStringLiteral("%1 does not exist on %2").arg(root, ssh.label())
                                      : QStringLiteral("cannot list %1 on %2: %3").arg(root, ssh.label(), r.error());
    return std::nullopt;
  }
  return parseManifest(r.out);
}

RemoteHashJob::RemoteHashJob(SshHost& ssh, QString root, Manifest expected) : ssh_(ssh), root_(std::move(root)), expected_(std::move(expected)) {
  id_ = QStringLiteral("hash-%1").arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
}

RemoteHashJob::~RemoteHashJob() { abandon(); }

bool RemoteHashJob::start(QString* error) {
  RemoteJobSpec spec;
  if (expected_.isEmpty()) {
    spec.argv = {ssh_.profile().tool(QStringLiteral("python3")), QStringLiteral("-c"), QString::fromLatin1(kPythonManifest), root_, QStringLiteral("hash")};
  } else {
    spec.argv = {ssh_.profile().tool(QStringLiteral("python3")), QStringLiteral("-c"), QString::fromLatin1(kFollowingHasher), root_};
    for (const auto& e : expected_) spec.argv << QStringLiteral("%1:%2").arg(QString::fromLatin1(e.path.toHex())).arg(e.size);
  }
  RemoteJobRunner runner(ssh_);
  RemoteJobInfo info;
  if (!runner.start(id_, spec, info, error)) return false;
  info_ = info.toJson();
  running_ = true;
  return true;
}

std::optional<Manifest> RemoteHashJob::finish(QString* error) {
  if (!running_) return std::nullopt;
  RemoteJobRunner runner(ssh_);
  RemoteJobInfo info = RemoteJobInfo::fromJson(info_);
  QByteArray text;
  FollowCallbacks cb;
  cb.line = [&](const QByteArray& l) { text += l + '\n'; };
  cb.maxReconnectSeconds = 60;
  const FollowOutcome o = runner.follow(info, cb);
  abandon();
  if (o.end != FollowOutcome::End::Exited || o.exitCode != 0) {
    if (error) *error = o.message.isEmpty() ? QStringLiteral("hashing on %1 ended with code %2").arg(ssh_.label()).arg(o.exitCode) : o.message;
    return std::nullopt;
  }
  Manifest m = parseManifest(text);
  for (const auto& e : m)
    if (e.sha256.isEmpty()) return std::nullopt;  // a file that never completed: hash again afterwards
  return m;
}

void RemoteHashJob::abandon() {
  if (!running_) return;
  running_ = false;
  const RemoteJobInfo info = RemoteJobInfo::fromJson(info_);
  RemoteJobRunner(ssh_).cancel(info, 1000, nullptr);
  ssh_.exec({QStringLiteral("rm"), QStringLiteral("-rf"), QStringLiteral("--"), info.dir});
}

ManifestDiff compareManifests(const Manifest& source, const Manifest& copy) {
  ManifestDiff d;
  for (const auto& e : source) {
    const auto it = copy.find(e.path);
    if (it == copy.end()) d.missing << e.path;
    else if (it->size != e.size) d.wrongSize << e.path;
    else if (!e.sha256.isEmpty() && !it->sha256.isEmpty() && it->sha256 != e.sha256) d.wrongHash << e.path;
  }
  return d;
}

QString ManifestDiff::describe() const {
  QStringList parts;
  auto names = [](const QList<QByteArray>& l) {
    QStringList s;
    for (int i = 0; i < l.size() && i < 5; ++i) s << displayPath(l[i]);
    if (l.size() > 5) s << QStringLiteral("… %1 more").arg(l.size() - 5);
    return s.join(QStringLiteral(", "));
  };
  if (!missing.isEmpty()) parts << QStringLiteral("missing: %1").arg(names(missing));
  if (!wrongSize.isEmpty()) parts << QStringLiteral("wrong size: %1").arg(names(wrongSize));
  if (!wrongHash.isEmpty()) parts << QStringLiteral("different content (SHA-256): %1").arg(names(wrongHash));
  return parts.join(QStringLiteral("; "));
}

}  // namespace ct::remote
