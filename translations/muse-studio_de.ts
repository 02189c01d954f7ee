<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>muse::ui::CanvasView</name>
    <message>
        <source>Erase mask</source>
        <translation>Maske radieren</translation>
    </message>
    <message>
        <source>Paint mask</source>
        <translation>Maske malen</translation>
    </message>
    <message>
        <source>Extend canvas</source>
        <translation>Leinwand erweitern</translation>
    </message>
    <message>
        <source>Write a prompt and press Generate (Ctrl+Return), or open an image (Ctrl+O), drop one here,
or paste one (Ctrl+V).

Inpaint: choose Inpaint, paint over the part to change with the brush (B), then Generate.
Outpaint: choose Outpaint and drag the canvas edges outward, then Generate.
Edit: choose Edit, describe the change, then Generate; no mask needed.</source>
        <translation>Schreiben Sie einen Prompt und drücken Sie Erzeugen (Strg+Eingabe), oder öffnen Sie ein Bild (Strg+O), ziehen Sie eines hierher
oder fügen Sie eines ein (Strg+V).

Inpainting: Inpaint wählen, den zu ändernden Teil mit dem Pinsel (B) übermalen, dann Erzeugen.
Outpainting: Outpaint wählen und die Ränder der Leinwand nach außen ziehen, dann Erzeugen.
Bearbeiten: Bearbeiten wählen, die Änderung beschreiben, dann Erzeugen; keine Maske nötig.</translation>
    </message>
</context>
<context>
    <name>muse::ui::ErrorText</name>
    <message>
        <source>A setting is out of range.</source>
        <translation>Eine Einstellung liegt außerhalb des erlaubten Bereichs.</translation>
    </message>
    <message>
        <source>A file or folder was not found.</source>
        <translation>Eine Datei oder ein Ordner wurde nicht gefunden.</translation>
    </message>
    <message>
        <source>Reading or writing a file failed.</source>
        <translation>Das Lesen oder Schreiben einer Datei ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>A file is damaged or not what it claims to be.</source>
        <translation>Eine Datei ist beschädigt oder nicht das, was sie vorgibt zu sein.</translation>
    </message>
    <message>
        <source>This format is not supported.</source>
        <translation>Dieses Format wird nicht unterstützt.</translation>
    </message>
    <message>
        <source>The model's configuration does not match its weights.</source>
        <translation>Die Konfiguration des Modells passt nicht zu seinen Gewichten.</translation>
    </message>
    <message>
        <source>Out of memory. Try a smaller size, fewer images, a lower precision or the CPU.</source>
        <translation>Nicht genug Speicher. Versuchen Sie eine kleinere Größe, weniger Bilder, eine geringere Genauigkeit oder die CPU.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Internal error.</source>
        <translation>Interner Fehler.</translation>
    </message>
</context>
<context>
    <name>muse::ui::HistoryStrip</name>
    <message>
        <source>(no prompt)</source>
        <translation>(kein Prompt)</translation>
    </message>
    <message>
        <source>Not saved to disk</source>
        <translation>Nicht auf der Festplatte gespeichert</translation>
    </message>
</context>
<context>
    <name>muse::ui::ImageFiles</name>
    <message>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>Bilder (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>PNG with metadata (*.png);;JPEG (*.jpg *.jpeg)</source>
        <translation>PNG mit Metadaten (*.png);;JPEG (*.jpg *.jpeg)</translation>
    </message>
</context>
<context>
    <name>muse::ui::JobController</name>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Erzeugen</translation>
    </message>
    <message>
        <source>&amp;Cancel Current Job</source>
        <translation>Aktuellen Auftrag &amp;abbrechen</translation>
    </message>
    <message>
        <source>Cancel &amp;Queued Jobs</source>
        <translation>&amp;Wartende Aufträge abbrechen</translation>
    </message>
    <message>
        <source>Cancel &amp;All Jobs</source>
        <translation>&amp;Alle Aufträge abbrechen</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>Ü&amp;bernehmen</translation>
    </message>
    <message>
        <source>Make the selected result the image (undoable)</source>
        <translation>Das ausgewählte Ergebnis zum Bild machen (rückgängig machbar)</translation>
    </message>
    <message>
        <source>Show &amp;Original</source>
        <translation>&amp;Original zeigen</translation>
    </message>
    <message>
        <source>Toggle between the result and the image it was made from (C)</source>
        <translation>Zwischen dem Ergebnis und seinem Ausgangsbild umschalten (C)</translation>
    </message>
    <message>
        <source>&amp;Split View</source>
        <translation>&amp;Geteilte Ansicht</translation>
    </message>
    <message>
        <source>Original on the left, result on the right; drag the line (S)</source>
        <translation>Original links, Ergebnis rechts; die Linie ist verschiebbar (S)</translation>
    </message>
    <message>
        <source>&amp;Re-run</source>
        <translation>Er&amp;neut ausführen</translation>
    </message>
    <message>
        <source>Queue the selected result's request again, exactly</source>
        <translation>Den Auftrag des ausgewählten Ergebnisses genau so noch einmal einreihen</translation>
    </message>
    <message>
        <source>&amp;Use Parameters</source>
        <translation>&amp;Parameter übernehmen</translation>
    </message>
    <message>
        <source>Put the selected result's prompt and settings into the prompt panel</source>
        <translation>Prompt und Einstellungen des ausgewählten Ergebnisses ins Prompt-Feld übernehmen</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Move the selected result's file to the trash</source>
        <translation>Die Datei des ausgewählten Ergebnisses in den Papierkorb verschieben</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cannot start</source>
        <translation>Start nicht möglich</translation>
    </message>
    <message>
        <source>Job #%1 queued (seed %2).</source>
        <translation>Auftrag #%1 eingereiht (Seed %2).</translation>
    </message>
    <message>
        <source>Result not saved</source>
        <translation>Ergebnis nicht gespeichert</translation>
    </message>
    <message>
        <source>The result could not be written to the history folder:
%1</source>
        <translation>Das Ergebnis konnte nicht in den Verlaufsordner geschrieben werden:
%1</translation>
    </message>
    <message>
        <source>Job #%1 finished in %2 s.</source>
        <translation>Auftrag #%1 nach %2 s fertig.</translation>
    </message>
    <message>
        <source>Job #%1: %2</source>
        <translation>Auftrag #%1: %2</translation>
    </message>
    <message>
        <source>Jobs waiting: %1</source>
        <translation>Wartende Aufträge: %1</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source> — %1 s left</source>
        <translation> — noch %1 s</translation>
    </message>
    <message>
        <source> (queued: %1)</source>
        <translation> (wartend: %1)</translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation>%1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Apply result</source>
        <translation>Ergebnis übernehmen</translation>
    </message>
    <message>
        <source>Cannot re-run</source>
        <translation>Erneutes Ausführen nicht möglich</translation>
    </message>
    <message>
        <source>Parameters restored; the seed is locked.</source>
        <translation>Parameter wiederhergestellt; der Seed ist gesperrt.</translation>
    </message>
    <message>
        <source>Extend canvas</source>
        <translation>Leinwand erweitern</translation>
    </message>
    <message>
        <source>Cannot delete</source>
        <translation>Löschen nicht möglich</translation>
    </message>
    <message>
        <source>The file could not be moved to the trash.</source>
        <translation>Die Datei konnte nicht in den Papierkorb verschoben werden.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen …</translation>
    </message>
    <message>
        <source>It was made with the model %1; the loaded model is %2.</source>
        <translation>Es wurde mit dem Modell %1 erzeugt; geladen ist das Modell %2.</translation>
    </message>
    <message>
        <source>Note: the prompt was longer than the model reads and was cut off.</source>
        <translation>Hinweis: Der Prompt war länger, als das Modell liest, und wurde gekürzt.</translation>
    </message>
</context>
<context>
    <name>muse::ui::JobQueue</name>
    <message>
        <source>Starting</source>
        <translation>Wird gestartet</translation>
    </message>
    <message>
        <source>Waiting for the engine</source>
        <translation>Wartet auf die Engine</translation>
    </message>
    <message>
        <source>Loading the model</source>
        <translation>Modell wird geladen</translation>
    </message>
    <message>
        <source>Encoding the prompt</source>
        <translation>Prompt wird kodiert</translation>
    </message>
    <message>
        <source>Decoding tokens</source>
        <translation>Tokens werden dekodiert</translation>
    </message>
    <message>
        <source>Super-resolution</source>
        <translation>Superauflösung</translation>
    </message>
    <message>
        <source>Decoding pixels</source>
        <translation>Pixel werden dekodiert</translation>
    </message>
    <message>
        <source>Compositing</source>
        <translation>Zusammensetzen</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>%1 (image %2 of %3)</source>
        <translation>%1 (Bild %2 von %3)</translation>
    </message>
</context>
<context>
    <name>muse::ui::MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Mask</source>
        <translation>Maske</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Warteschlange</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>%1 holds no Muse Studio parameters.</source>
        <translation>%1 enthält keine Muse-Studio-Parameter.</translation>
    </message>
    <message>
        <source>Fill mask</source>
        <translation>Maske füllen</translation>
    </message>
    <message>
        <source>Clear mask</source>
        <translation>Maske leeren</translation>
    </message>
    <message>
        <source>Invert mask</source>
        <translation>Maske umkehren</translation>
    </message>
    <message>
        <source>Grow mask</source>
        <translation>Maske vergrößern</translation>
    </message>
    <message>
        <source>Shrink mask</source>
        <translation>Maske verkleinern</translation>
    </message>
    <message>
        <source>Feather mask</source>
        <translation>Maskenrand weichzeichnen</translation>
    </message>
    <message>
        <source>Drop image</source>
        <translation>Bild ablegen</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren …</translation>
    </message>
    <message>
        <source>Save the image as PNG (with its parameters) or JPEG</source>
        <translation>Das Bild als PNG (mit seinen Parametern) oder JPEG speichern</translation>
    </message>
    <message>
        <source>Show the &amp;History Folder</source>
        <translation>&amp;Verlaufsordner anzeigen</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>&amp;Copy Image</source>
        <translation>Bild &amp;kopieren</translation>
    </message>
    <message>
        <source>&amp;Paste Image</source>
        <translation>Bild &amp;einfügen</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <source>&amp;Mask</source>
        <translation>&amp;Maske</translation>
    </message>
    <message>
        <source>Smaller Brush</source>
        <translation>Kleinerer Pinsel</translation>
    </message>
    <message>
        <source>Larger Brush</source>
        <translation>Größerer Pinsel</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>An &amp;Fenster anpassen</translation>
    </message>
    <message>
        <source>&amp;Actual Size (100 %)</source>
        <translation>&amp;Originalgröße (100 %)</translation>
    </message>
    <message>
        <source>&amp;Confidence Heat Map</source>
        <translation>&amp;Konfidenz-Heatmap</translation>
    </message>
    <message>
        <source>Colour the preview by how sure the model was of each token (red = unsure)</source>
        <translation>Die Vorschau danach einfärben, wie sicher sich das Modell bei jedem Token war (rot = unsicher)</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Erzeugen</translation>
    </message>
    <message>
        <source>&amp;Result</source>
        <translation>&amp;Ergebnis</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Muse Studio</source>
        <translation>Ü&amp;ber Muse Studio</translation>
    </message>
    <message>
        <source>About Muse Studio</source>
        <translation>Über Muse Studio</translation>
    </message>
    <message>
        <source>&lt;b&gt;Muse Studio %1&lt;/b&gt;&lt;p&gt;Image generation and editing with Muse masked generative transformers, on your own computer.&lt;/p&gt;&lt;p&gt;LibTorch %2, %3.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Muse Studio %1&lt;/b&gt;&lt;p&gt;Bilder erzeugen und bearbeiten mit maskierten generativen Muse-Transformern, auf dem eigenen Rechner.&lt;/p&gt;&lt;p&gt;LibTorch %2, %3.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>CUDA with %1 GPU(s)</source>
        <translation>CUDA mit %1 GPU(s)</translation>
    </message>
    <message>
        <source>CPU with %1 threads</source>
        <translation>CPU mit %1 Threads</translation>
    </message>
    <message>
        <source>none loaded</source>
        <translation>keines geladen</translation>
    </message>
    <message>
        <source>Model ready: %1</source>
        <translation>Modell bereit: %1</translation>
    </message>
    <message>
        <source>Extend canvas</source>
        <translation>Leinwand erweitern</translation>
    </message>
    <message>
        <source>Cannot open</source>
        <translation>Öffnen nicht möglich</translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation>%1
%2</translation>
    </message>
    <message>
        <source>Opened %1; its parameters are in the prompt panel.</source>
        <translation>%1 geöffnet; seine Parameter stehen im Prompt-Feld.</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>%1 öffnen</translation>
    </message>
    <message>
        <source>Parameters restored from %1; the seed is locked.</source>
        <translation>Parameter aus %1 wiederhergestellt; der Seed ist gesperrt.</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>Export nicht möglich</translation>
    </message>
    <message>
        <source>Exported %1.</source>
        <translation>%1 exportiert.</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>Bild öffnen</translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation>Nichts zu exportieren</translation>
    </message>
    <message>
        <source>There is no image yet.</source>
        <translation>Es gibt noch kein Bild.</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>unbenannt</translation>
    </message>
    <message>
        <source>Export Image</source>
        <translation>Bild exportieren</translation>
    </message>
    <message>
        <source>Paste image</source>
        <translation>Bild einfügen</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>The new language is used the next time Muse Studio starts.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start von Muse Studio.</translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation>Automatisches Speichern fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Recover document</source>
        <translation>Dokument wiederherstellen</translation>
    </message>
    <message>
        <source>Muse Studio did not close properly last time. Restore the document autosaved at %1?</source>
        <translation>Muse Studio wurde beim letzten Mal nicht ordnungsgemäß beendet. Das um %1 automatisch gespeicherte Dokument wiederherstellen?</translation>
    </message>
    <message>
        <source>%1[*] — Muse Studio</source>
        <translation>%1[*] — Muse Studio</translation>
    </message>
    <message>
        <source>Jobs running</source>
        <translation>Aufträge laufen</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Nicht gespeicherte Änderungen</translation>
    </message>
    <message>
        <source>The image has changes that were not exported. Quit anyway?</source>
        <translation>Das Bild hat Änderungen, die nicht exportiert wurden. Trotzdem beenden?</translation>
    </message>
    <message>
        <source>Jobs still queued or running: %1. Cancel them and quit?</source>
        <translation>Noch wartende oder laufende Aufträge: %1. Abbrechen und beenden?</translation>
    </message>
</context>
<context>
    <name>muse::ui::MaskPanel</name>
    <message>
        <source>Brush</source>
        <translation>Pinsel</translation>
    </message>
    <message>
        <source>Paint the area to regenerate (B)</source>
        <translation>Den neu zu erzeugenden Bereich malen (B)</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>Radierer</translation>
    </message>
    <message>
        <source>Erase from the mask (E)</source>
        <translation>Aus der Maske radieren (E)</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <source>Move the view (H, or hold Space)</source>
        <translation>Die Ansicht verschieben (H oder Leertaste halten)</translation>
    </message>
    <message>
        <source>Fill</source>
        <translation>Füllen</translation>
    </message>
    <message>
        <source>Mask the whole image</source>
        <translation>Das ganze Bild maskieren</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Clear the mask</source>
        <translation>Die Maske leeren</translation>
    </message>
    <message>
        <source>Invert</source>
        <translation>Umkehren</translation>
    </message>
    <message>
        <source>Swap masked and kept areas</source>
        <translation>Maskierte und erhaltene Bereiche tauschen</translation>
    </message>
    <message>
        <source>Grow</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Grow the mask by the given pixels</source>
        <translation>Die Maske um die angegebenen Pixel vergrößern</translation>
    </message>
    <message>
        <source>Shrink</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>Shrink the mask by the given pixels</source>
        <translation>Die Maske um die angegebenen Pixel verkleinern</translation>
    </message>
    <message>
        <source>Feather</source>
        <translation>Weicher Rand</translation>
    </message>
    <message>
        <source>Soften the mask's edge over the given radius</source>
        <translation>Den Rand der Maske über den angegebenen Radius weichzeichnen</translation>
    </message>
    <message>
        <source>Token grid</source>
        <translation>Token-Raster</translation>
    </message>
    <message>
        <source>Show the model's token grid and the tokens the mask regenerates (T)</source>
        <translation>Das Token-Raster des Modells und die von der Maske neu erzeugten Tokens zeigen (T)</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Brush diameter ([ smaller, ] larger)</source>
        <translation>Pinseldurchmesser ([ kleiner, ] größer)</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>0 = soft edge, 100 = hard edge</source>
        <translation>0 = weicher Rand, 100 = harter Rand</translation>
    </message>
    <message>
        <source>Hardness</source>
        <translation>Härte</translation>
    </message>
    <message>
        <source>Colour of the mask overlay</source>
        <translation>Farbe der Maskenüberlagerung</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>Überlagerung</translation>
    </message>
    <message>
        <source>Mask overlay colour</source>
        <translation>Farbe der Maskenüberlagerung</translation>
    </message>
</context>
<context>
    <name>muse::ui::ModelChooser</name>
    <message>
        <source>The model that generates: the built-in one, or a folder in aMUSEd or Muse layout</source>
        <translation>Das erzeugende Modell: das eingebaute oder ein Ordner im aMUSEd- oder Muse-Format</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>Ordner …</translation>
    </message>
    <message>
        <source>Choose a model folder</source>
        <translation>Modellordner wählen</translation>
    </message>
    <message>
        <source>Built-in default model</source>
        <translation>Eingebautes Standardmodell</translation>
    </message>
    <message>
        <source>Choose a folder…</source>
        <translation>Ordner wählen …</translation>
    </message>
    <message>
        <source>Not a model folder</source>
        <translation>Kein Modellordner</translation>
    </message>
    <message>
        <source>%1 is not a model folder in aMUSEd or Muse layout:
%2</source>
        <translation>%1 ist kein Modellordner im aMUSEd- oder Muse-Format:
%2</translation>
    </message>
    <message>
        <source>Loading the built-in model…</source>
        <translation>Das eingebaute Modell wird geladen …</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 wird geladen …</translation>
    </message>
    <message>
        <source>No model: %1</source>
        <translation>Kein Modell: %1</translation>
    </message>
    <message>
        <source>%1 — %2×%3 px, %4 px tokens, %5 M parameters, %6 %7</source>
        <translation>%1 — %2×%3 px, %4-px-Tokens, %5 Mio. Parameter, %6 %7</translation>
    </message>
</context>
<context>
    <name>muse::ui::PromptPanel</name>
    <message>
        <source>Generate</source>
        <translation>Erzeugen</translation>
    </message>
    <message>
        <source>Inpaint</source>
        <translation>Inpainting</translation>
    </message>
    <message>
        <source>Outpaint</source>
        <translation>Outpainting</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>A new image from the prompt</source>
        <translation>Ein neues Bild aus dem Prompt</translation>
    </message>
    <message>
        <source>Regenerate the masked part of the image</source>
        <translation>Den maskierten Teil des Bildes neu erzeugen</translation>
    </message>
    <message>
        <source>Extend the canvas and fill the new area</source>
        <translation>Die Leinwand erweitern und den neuen Bereich füllen</translation>
    </message>
    <message>
        <source>Change the whole image towards the prompt, without a mask</source>
        <translation>Das ganze Bild ohne Maske in Richtung des Prompts verändern</translation>
    </message>
    <message>
        <source>Describe the image…</source>
        <translation>Beschreiben Sie das Bild …</translation>
    </message>
    <message>
        <source>Negative prompt: what to avoid (optional)</source>
        <translation>Negativer Prompt: was vermieden werden soll (optional)</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Negative prompt</source>
        <translation>Negativer Prompt</translation>
    </message>
    <message>
        <source>The same seed and settings give the same image</source>
        <translation>Gleicher Seed und gleiche Einstellungen ergeben das gleiche Bild</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <source>Keep this seed for the next jobs (otherwise every job draws a new one)</source>
        <translation>Diesen Seed für die nächsten Aufträge behalten (sonst zieht jeder Auftrag einen neuen)</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Draw a new random seed</source>
        <translation>Einen neuen zufälligen Seed ziehen</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Parallel decoding steps of the base transformer</source>
        <translation>Parallele Dekodierschritte des Basis-Transformers</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>Decoding steps of the super-resolution transformer (Muse models only)</source>
        <translation>Dekodierschritte des Superauflösungs-Transformers (nur Muse-Modelle)</translation>
    </message>
    <message>
        <source>Super-res steps</source>
        <translation>Superres-Schritte</translation>
    </message>
    <message>
        <source>Classifier-free guidance: how strongly the image follows the prompt (1 = off)</source>
        <translation>Classifier-free Guidance: wie stark das Bild dem Prompt folgt (1 = aus)</translation>
    </message>
    <message>
        <source>Guidance scale</source>
        <translation>Guidance-Stärke</translation>
    </message>
    <message>
        <source>Model default</source>
        <translation>Modellstandard</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>Konstant</translation>
    </message>
    <message>
        <source>Linear (rising)</source>
        <translation>Linear (steigend)</translation>
    </message>
    <message>
        <source>Guidance schedule</source>
        <translation>Guidance-Verlauf</translation>
    </message>
    <message>
        <source>Randomness of the token choice at the first step; it falls to 0 by the last</source>
        <translation>Zufälligkeit der Token-Wahl im ersten Schritt; sie sinkt bis zum letzten auf 0</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>Kosinus</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>Linear</translation>
    </message>
    <message>
        <source>How many tokens stay masked after each step</source>
        <translation>Wie viele Tokens nach jedem Schritt maskiert bleiben</translation>
    </message>
    <message>
        <source>Mask schedule</source>
        <translation>Maskierungsplan</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Queue a job with these settings (Ctrl+Return)</source>
        <translation>Einen Auftrag mit diesen Einstellungen einreihen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Native</source>
        <translation>Nativ</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>Breite</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>Höhe</translation>
    </message>
    <message>
        <source>Regenerate this many extra tokens around the mask</source>
        <translation>So viele zusätzliche Tokens um die Maske herum neu erzeugen</translation>
    </message>
    <message>
        <source>Grow tokens</source>
        <translation>Tokens erweitern</translation>
    </message>
    <message>
        <source>Soft edge when the result is blended into the original</source>
        <translation>Weicher Rand beim Einblenden des Ergebnisses ins Original</translation>
    </message>
    <message>
        <source>Feather</source>
        <translation>Weicher Rand</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Links</translation>
    </message>
    <message>
        <source>Top</source>
        <translation>Oben</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Rechts</translation>
    </message>
    <message>
        <source>Bottom</source>
        <translation>Unten</translation>
    </message>
    <message>
        <source>Or drag the handles on the canvas edges.</source>
        <translation>Oder ziehen Sie die Griffe an den Rändern der Leinwand.</translation>
    </message>
    <message>
        <source>The largest share of tokens allowed to change</source>
        <translation>Der größte Anteil an Tokens, der sich ändern darf</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>Stärke</translation>
    </message>
    <message>
        <source>Iterations</source>
        <translation>Durchgänge</translation>
    </message>
    <message>
        <source>Default (%1)</source>
        <translation>Standard (%1)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Native (%1)</source>
        <translation>Nativ (%1)</translation>
    </message>
    <message>
        <source>Resample (Muse)</source>
        <translation>Neu auswählen (Muse)</translation>
    </message>
    <message>
        <source>Image to image (aMUSEd)</source>
        <translation>Bild zu Bild (aMUSEd)</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Verfahren</translation>
    </message>
    <message>
        <source>Targeted</source>
        <translation>Gezielt</translation>
    </message>
    <message>
        <source>Targeted: regenerates the parts of the image the new prompt disagrees with. Resample: rounds that re-mask and re-predict random tokens. Image to image: masks tokens as far into the schedule as the strength says.</source>
        <translation>Gezielt: erzeugt die Teile des Bildes neu, denen der neue Prompt widerspricht. Neu auswählen: Durchgänge, die zufällige Tokens erneut maskieren und vorhersagen. Bild zu Bild: maskiert Tokens so weit in den Plan hinein, wie die Stärke angibt.</translation>
    </message>
    <message>
        <source>Resampling rounds</source>
        <translation>Durchgänge der Neuauswahl</translation>
    </message>
    <message>
        <source>Describe the whole extended image, not only the new part.</source>
        <translation>Beschreiben Sie das ganze erweiterte Bild, nicht nur den neuen Teil.</translation>
    </message>
    <message>
        <source>Describe the whole image as it should look after the change.</source>
        <translation>Beschreiben Sie das ganze Bild, wie es nach der Änderung aussehen soll.</translation>
    </message>
    <message>
        <source>Describe what the masked area should show, or the whole image as it should look.</source>
        <translation>Beschreiben Sie, was der maskierte Bereich zeigen soll, oder das ganze Bild, wie es aussehen soll.</translation>
    </message>
</context>
<context>
    <name>muse::ui::QueuePanel</name>
    <message>
        <source>Queued</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>%1 — %2 %, %3 s left</source>
        <translation>%1 — %2 %, noch %3 s</translation>
    </message>
    <message>
        <source>%1 — %2 %</source>
        <translation>%1 — %2 %</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Erzeugen</translation>
    </message>
    <message>
        <source>Inpaint</source>
        <translation>Inpainting</translation>
    </message>
    <message>
        <source>Outpaint</source>
        <translation>Outpainting</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Cancel all</source>
        <translation>Alle abbrechen</translation>
    </message>
    <message>
        <source>Cancel the running job and every queued one</source>
        <translation>Den laufenden und alle wartenden Aufträge abbrechen</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>Erledigte entfernen</translation>
    </message>
    <message>
        <source>Cancel this job</source>
        <translation>Diesen Auftrag abbrechen</translation>
    </message>
    <message>
        <source>(no prompt)</source>
        <translation>(kein Prompt)</translation>
    </message>
</context>
<context>
    <name>muse::ui::RequestBuilder</name>
    <message>
        <source>Open or generate an image first.</source>
        <translation>Öffnen oder erzeugen Sie zuerst ein Bild.</translation>
    </message>
    <message>
        <source>Paint a mask over the part to regenerate first (brush: B).</source>
        <translation>Malen Sie zuerst eine Maske über den neu zu erzeugenden Teil (Pinsel: B).</translation>
    </message>
    <message>
        <source>Extend the canvas first: drag the handles on its edges or set the margins.</source>
        <translation>Erweitern Sie zuerst die Leinwand: Ziehen Sie die Griffe an ihren Rändern oder stellen Sie die Ränder ein.</translation>
    </message>
</context>
<context>
    <name>muse::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
    <message>
        <source>Automatic (CUDA when available)</source>
        <translation>Automatisch (CUDA, falls verfügbar)</translation>
    </message>
    <message>
        <source>CPU (%1 threads)</source>
        <translation>CPU (%1 Threads)</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>CUDA (not available)</source>
        <translation>CUDA (nicht verfügbar)</translation>
    </message>
    <message>
        <source>CUDA device %1</source>
        <translation>CUDA-Gerät %1</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>fp32 (exact, slowest)</source>
        <translation>fp32 (genau, am langsamsten)</translation>
    </message>
    <message>
        <source>fp16 (GPU)</source>
        <translation>fp16 (GPU)</translation>
    </message>
    <message>
        <source>bf16</source>
        <translation>bf16</translation>
    </message>
    <message>
        <source>Text encoder and transformers; the image decoder always runs in fp32</source>
        <translation>Text-Encoder und Transformer; der Bilddecoder läuft immer in fp32</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>Show a preview of every decoding step</source>
        <translation>Eine Vorschau jedes Dekodierschritts zeigen</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>At most one preview per interval (decoding a preview costs time)</source>
        <translation>Höchstens eine Vorschau pro Intervall (das Dekodieren einer Vorschau kostet Zeit)</translation>
    </message>
    <message>
        <source>Preview interval</source>
        <translation>Vorschauintervall</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Autosave every</source>
        <translation>Automatisch speichern alle</translation>
    </message>
</context>
<context>
    <name>muse::ui::StepStatsPlot</name>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Tokens masked</source>
        <translation>Maskierte Tokens</translation>
    </message>
    <message>
        <source>Mean confidence</source>
        <translation>Mittlere Konfidenz</translation>
    </message>
    <message>
        <source>Seconds per step</source>
        <translation>Sekunden pro Schritt</translation>
    </message>
</context>
</TS>
