#pragma once

#include <QImage>
#include <QMargins>
#include <QObject>
#include <QString>

#include <map>
#include <string>

class QUndoStack;

namespace muse::ui {

using TextChunks = std::map<std::string, std::string>;

// The open document: one RGB image, its mask (gray, same size; 255 = regenerate) and the pending
// outpaint margins that extend the canvas around it. Only undo commands change it (through the
// setters below), so everything a user does lands on the undo stack.
class Document : public QObject {
    Q_OBJECT

public:
    explicit Document(QObject* parent = nullptr);

    bool isEmpty() const { return m_image.isNull(); }
    const QImage& image() const { return m_image; } // Format_RGB888
    const QImage& mask() const { return m_mask; }   // Format_Grayscale8
    QMargins margins() const { return m_margins; }
    QSize imageSize() const { return m_image.size(); }
    // The image plus the outpaint margins; the image's top-left stays at (0, 0).
    QRect canvasRect() const;
    bool hasMask() const;
    // PNG text chunks that describe the image ("muse" request JSON, "parameters"): of the result
    // applied last or of the file opened. Exports write them back.
    const TextChunks& metadata() const { return m_metadata; }

    QString filePath() const { return m_filePath; }
    void setFilePath(const QString& path);
    QUndoStack* undoStack() const { return m_undoStack; }
    bool isModified() const;

    // For undo commands.
    void setContent(const QImage& image, const QImage& mask, QMargins margins, const TextChunks& metadata);
    void setMask(const QImage& mask);
    void writeMaskPatch(const QPoint& topLeft, const QImage& patch);
    void setMargins(QMargins margins);

    // A mask of the image's size that keeps everything (all zero).
    static QImage emptyMask(QSize size);

signals:
    void contentChanged();           // image, size, mask or metadata replaced
    void maskChanged(const QRect& rect); // image coordinates
    void marginsChanged(QMargins margins);
    void filePathChanged(const QString& path);

private:
    QImage m_image;
    QImage m_mask;
    QMargins m_margins;
    TextChunks m_metadata;
    QString m_filePath;
    QUndoStack* m_undoStack = nullptr;
};

} // namespace muse::ui
