#pragma once
#include <QString>
#include <cstdint>
#include <optional>
#include <vector>

namespace ct::model {
class Tokenizer;
}

namespace ct::quant {

// Calibration text from a user file: plain text (the whole file), JSONL (one object per line,
// `field` holds the text; a line that is a bare JSON string is taken as is), or a JSON array of
// strings/objects. Documents are joined by a blank line. Errors name the file, line and field.
std::optional<QString> loadCalibrationText(const QString& path, const QString& field, QString* error);

// The built-in calibration for the demo model: its own task, rendered as chat transcripts.
QString demoCalibrationText(const QString& modelDir, QString* error);

// nsamples windows of exactly seqlen tokens at seeded random offsets (the IST-DASLab recipe),
// deterministic for (ids, nsamples, seqlen, seed). Fails when the text is shorter than seqlen.
std::optional<std::vector<std::vector<int32_t>>> calibrationWindows(const std::vector<int32_t>& ids, int nsamples,
                                                                    int seqlen, uint64_t seed, QString* error);

}  // namespace ct::quant
