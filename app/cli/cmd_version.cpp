#include <QJsonDocument>
#include <QJsonObject>

#include "brand/brand.h"
#include "cli/commands.h"
#include "jobs/event.h"

namespace ct::cli {
namespace {

class VersionCommand : public Command {
 public:
  QString name() const override { return QStringLiteral("version"); }
  QString summary() const override { return QStringLiteral("Print the version of ct and of the libraries it uses."); }
  int run(const QCommandLineParser&, CliEnv& env) override {
    const auto& b = brand::Brand::current();
    const QJsonObject o{{QStringLiteral("product"), b.productName},
                        {QStringLiteral("version"), b.version()},
                        {QStringLiteral("application_id"), b.applicationId},
                        {QStringLiteral("qt"), QLatin1String(qVersion())},
                        {QStringLiteral("event_schema"), jobs::Event::kSchemaVersion}};
    if (env.json) env.out << QJsonDocument(o).toJson(QJsonDocument::Compact) << "\n";
    else
      env.out << "ct " << b.version() << " (" << b.productName << ", Qt " << qVersion()
              << ", event schema " << jobs::Event::kSchemaVersion << ")\n";
    return 0;
  }
};

}  // namespace

std::unique_ptr<Command> makeVersionCommand() { return std::make_unique<VersionCommand>(); }

}  // namespace ct::cli
