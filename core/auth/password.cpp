#include "auth/password.h"

#include <sodium.h>

namespace ct::auth {

bool initSodium() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

QByteArray hashPassword(const QString& password) {
  if (!initSodium()) return {};
  const QByteArray pw = password.toUtf8();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, pw.constData(), static_cast<unsigned long long>(pw.size()), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return {};
  return QByteArray(out);
}

bool verifyPassword(const QByteArray& encodedHash, const QString& password) {
  if (!initSodium() || encodedHash.isEmpty() || encodedHash.size() >= crypto_pwhash_STRBYTES) return false;
  const QByteArray pw = password.toUtf8();
  // crypto_pwhash_str_verify wants a NUL-terminated buffer of the encoded string.
  const QByteArray encoded = encodedHash + '\0';
  return crypto_pwhash_str_verify(encoded.constData(), pw.constData(), static_cast<unsigned long long>(pw.size())) == 0;
}

const QByteArray& decoyHash() {
  static const QByteArray h = hashPassword(QString::fromLatin1(randomToken(24)));
  return h;
}

QString passwordRules() {
  return QStringLiteral("at least 10 characters, at most 256, and not the user name (nor containing it)");
}

QString passwordProblem(const QString& user, const QString& password) {
  if (password.size() < 10) return QStringLiteral("the password is too short: it needs at least 10 characters");
  if (password.size() > 256) return QStringLiteral("the password is too long: at most 256 characters");
  const QString u = user.trimmed();
  if (!u.isEmpty() && (password.compare(u, Qt::CaseInsensitive) == 0 || (u.size() >= 4 && password.contains(u, Qt::CaseInsensitive))))
    return QStringLiteral("the password must not be or contain the user name");
  return {};
}

QByteArray randomToken(int bytes) {
  initSodium();
  QByteArray raw(bytes, Qt::Uninitialized);
  randombytes_buf(raw.data(), static_cast<size_t>(raw.size()));
  const QByteArray out = raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
  sodium_memzero(raw.data(), static_cast<size_t>(raw.size()));
  return out;
}

QByteArray fastHash(const QByteArray& secret) {
  initSodium();
  QByteArray out(crypto_generichash_BYTES, Qt::Uninitialized);
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), static_cast<size_t>(out.size()),
                     reinterpret_cast<const unsigned char*>(secret.constData()), static_cast<unsigned long long>(secret.size()), nullptr, 0);
  return out;
}

bool constantTimeEqual(const QByteArray& a, const QByteArray& b) {
  return a.size() == b.size() && sodium_memcmp(a.constData(), b.constData(), static_cast<size_t>(a.size())) == 0;
}

}  // namespace ct::auth
