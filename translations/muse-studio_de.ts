<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>muse::ui::MainWindow</name>
    <message>
        <source>Muse Studio</source>
        <translation>Muse Studio</translation>
    </message>
    <message>
        <source>No image yet</source>
        <translation>Noch kein Bild</translation>
    </message>
    <message>
        <source>LibTorch %1 — CUDA, %2 GPU(s)</source>
        <translation>LibTorch %1 — CUDA, %2 GPU(s)</translation>
    </message>
    <message>
        <source>LibTorch %1 — CPU, %2 threads</source>
        <translation>LibTorch %1 — CPU, %2 Threads</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
</context>
</TS>
