<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>muse::ui::MainWindow</name>
    <message>
        <source>Muse Studio</source>
        <translation>Muse Studio</translation>
    </message>
    <message>
        <source>No image yet</source>
        <translation>Pas encore d’image</translation>
    </message>
    <message>
        <source>LibTorch %1 — CUDA, %2 GPU(s)</source>
        <translation>LibTorch %1 — CUDA, %2 GPU</translation>
    </message>
    <message>
        <source>LibTorch %1 — CPU, %2 threads</source>
        <translation>LibTorch %1 — CPU, %2 threads</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
</context>
</TS>
