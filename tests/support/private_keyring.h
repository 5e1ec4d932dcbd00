#pragma once
// A private Secret Service for tests that touch the OS keychain: a dbus-daemon of our own (its
// own config, no service activation, so nothing starts behind our back) and gnome-keyring-daemon
// in the foreground, unlocked with a throwaway password, with HOME and the XDG folders in a
// scratch folder. While it runs, this process's DBUS_SESSION_BUS_ADDRESS points at it (children
// started afterwards inherit it). Both daemons are stopped by PID in stop() and the destructor.
#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace ct::test {

class PrivateKeyring {
 public:
  PrivateKeyring();
  ~PrivateKeyring() { stop(); }
  PrivateKeyring(const PrivateKeyring&) = delete;
  PrivateKeyring& operator=(const PrivateKeyring&) = delete;

  // False with the reason when a daemon is missing or does not come up.
  bool start(QString* error);
  void stop();

  QString busAddress() const { return address_; }
  qint64 busPid() const { return busPid_; }
  qint64 keyringPid() const { return keyringPid_; }
  QString folder() const { return dir_.path(); }  // the keyring files live here; leak scans skip it

 private:
  bool waitForSecrets(int timeoutMs);
  static void stopPid(QProcess& p, qint64 pid);

  QTemporaryDir dir_;
  QProcess bus_, keyring_;
  QString address_;
  qint64 busPid_ = 0, keyringPid_ = 0;
  QByteArray savedAddress_;
  bool hadAddress_ = false;
};

}  // namespace ct::test
