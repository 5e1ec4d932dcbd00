#include "remote/host_store.h"

#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include "util/app_database.h"
#include "util/paths.h"

namespace ct::remote {

HostStore::HostStore(QString path)
    : path_(std::move(path)), connection_(QStringLiteral("hosts-") + QUuid::createUuid().toString(QUuid::WithoutBraces)) {}

HostStore::~HostStore() {
  {
    QSqlDatabase db = QSqlDatabase::database(connection_, false);
    if (db.isOpen()) db.close();
  }
  QSqlDatabase::removeDatabase(connection_);
}

bool HostStore::open(QString* error) { return db::openAppDatabase(path_, connection_, error); }

bool HostStore::save(HostProfile p, bool replace, QString* error) {
  const QString why = p.validate();
  if (!why.isEmpty()) {
    if (error) *error = why;
    return false;
  }
  const auto old = get(p.name);
  if (old && !replace) {
    if (error) *error = QStringLiteral("a host named '%1' exists already (ct hosts show %1); add --replace to change it").arg(p.name);
    return false;
  }
  const QDateTime now = QDateTime::currentDateTimeUtc();
  p.created = old ? old->created : now;
  p.updated = now;
  if (old && p.lastTest.isEmpty()) p.lastTest = old->lastTest;
  QSqlQuery q(QSqlDatabase::database(connection_));
  q.prepare(QStringLiteral("INSERT OR REPLACE INTO hosts (name, profile, created, updated) VALUES (?,?,?,?)"));
  q.addBindValue(p.name);
  q.addBindValue(QString::fromUtf8(QJsonDocument(p.toJson()).toJson(QJsonDocument::Compact)));
  q.addBindValue(p.created.toString(Qt::ISODateWithMs));
  q.addBindValue(p.updated.toString(Qt::ISODateWithMs));
  if (q.exec()) return true;
  if (error) *error = QStringLiteral("cannot save host %1: %2").arg(p.name, q.lastError().text());
  return false;
}

std::optional<HostProfile> HostStore::get(const QString& name) const {
  QSqlQuery q(QSqlDatabase::database(connection_));
  q.prepare(QStringLiteral("SELECT profile FROM hosts WHERE name = ?"));
  q.addBindValue(name);
  if (!q.exec() || !q.next()) return std::nullopt;
  return HostProfile::fromJson(QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object());
}

QList<HostProfile> HostStore::list() const {
  QList<HostProfile> out;
  QSqlQuery q(QSqlDatabase::database(connection_));
  if (!q.exec(QStringLiteral("SELECT profile FROM hosts ORDER BY name"))) return out;
  while (q.next()) out << HostProfile::fromJson(QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object());
  return out;
}

bool HostStore::remove(const QString& name) {
  QSqlQuery q(QSqlDatabase::database(connection_));
  q.prepare(QStringLiteral("DELETE FROM hosts WHERE name = ?"));
  q.addBindValue(name);
  return q.exec() && q.numRowsAffected() > 0;
}

bool HostStore::setLastTest(const QString& name, const QJsonObject& lastTest) {
  auto p = get(name);
  if (!p) return false;
  p->lastTest = lastTest;
  QSqlQuery q(QSqlDatabase::database(connection_));
  q.prepare(QStringLiteral("UPDATE hosts SET profile = ? WHERE name = ?"));
  q.addBindValue(QString::fromUtf8(QJsonDocument(p->toJson()).toJson(QJsonDocument::Compact)));
  q.addBindValue(name);
  return q.exec();
}

std::optional<HostProfile> loadHost(const QString& name, QString* error) {
  HostStore store(paths::jobsDatabase());
  if (!store.open(error)) return std::nullopt;
  auto p = store.get(name);
  if (!p && error) *error = QStringLiteral("no host named '%1' (ct hosts list shows them; ct hosts add %1 --ssh DEST adds it)").arg(name);
  return p;
}

}  // namespace ct::remote
