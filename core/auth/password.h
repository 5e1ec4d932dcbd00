#pragma once
#include <QByteArray>
#include <QString>

namespace ct::auth {

// Argon2id through libsodium's crypto_pwhash_str: the encoded string carries algorithm,
// parameters and salt ("$argon2id$v=19$m=65536,t=2,p=1$..."), at libsodium's interactive
// limits (64 MiB, 2 passes, ~0.1 s here).
QByteArray hashPassword(const QString& password);  // empty when libsodium cannot allocate
// Constant-time in the password: crypto_pwhash_str_verify recomputes the hash and compares
// with sodium's constant-time compare.
bool verifyPassword(const QByteArray& encodedHash, const QString& password);
// A hash to verify against when the user does not exist, so that an unknown name costs the
// same time as a wrong password.
const QByteArray& decoyHash();

// The rules, stated once: at least 10 characters, at most 256, not the user name and not
// containing it (names of 4 or more characters). Empty when the password is acceptable.
QString passwordProblem(const QString& user, const QString& password);
QString passwordRules();

// Random bytes from libsodium, encoded base64url without padding.
QByteArray randomToken(int bytes);
// BLAKE2b-256 of a high-entropy secret (session token, service key): cheap enough per request.
QByteArray fastHash(const QByteArray& secret);
// sodium_memcmp: compares equal-length buffers in constant time.
bool constantTimeEqual(const QByteArray& a, const QByteArray& b);

bool initSodium();  // idempotent; false if libsodium cannot start

}  // namespace ct::auth
