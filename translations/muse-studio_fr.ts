<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>muse::ui::CanvasView</name>
    <message>
        <source>Erase mask</source>
        <translation>Effacer le masque</translation>
    </message>
    <message>
        <source>Paint mask</source>
        <translation>Peindre le masque</translation>
    </message>
    <message>
        <source>Extend canvas</source>
        <translation>Agrandir le canevas</translation>
    </message>
    <message>
        <source>Write a prompt and press Generate (Ctrl+Return), or open an image (Ctrl+O), drop one here,
or paste one (Ctrl+V).

Inpaint: choose Inpaint, paint over the part to change with the brush (B), then Generate.
Outpaint: choose Outpaint and drag the canvas edges outward, then Generate.
Edit: choose Edit, describe the change, then Generate; no mask needed.</source>
        <translation>Écrivez un prompt et appuyez sur Générer (Ctrl+Entrée), ou ouvrez une image (Ctrl+O), déposez-en une ici
ou collez-en une (Ctrl+V).

Inpainting : choisissez Inpaint, peignez la partie à changer avec le pinceau (B), puis Générer.
Outpainting : choisissez Outpaint et tirez les bords du canevas vers l’extérieur, puis Générer.
Modifier : choisissez Modifier, décrivez le changement, puis Générer ; aucun masque requis.</translation>
    </message>
</context>
<context>
    <name>muse::ui::ErrorText</name>
    <message>
        <source>A setting is out of range.</source>
        <translation>Un réglage est hors limites.</translation>
    </message>
    <message>
        <source>A file or folder was not found.</source>
        <translation>Un fichier ou un dossier est introuvable.</translation>
    </message>
    <message>
        <source>Reading or writing a file failed.</source>
        <translation>La lecture ou l’écriture d’un fichier a échoué.</translation>
    </message>
    <message>
        <source>A file is damaged or not what it claims to be.</source>
        <translation>Un fichier est endommagé ou n’est pas ce qu’il prétend être.</translation>
    </message>
    <message>
        <source>This format is not supported.</source>
        <translation>Ce format n’est pas pris en charge.</translation>
    </message>
    <message>
        <source>The model's configuration does not match its weights.</source>
        <translation>La configuration du modèle ne correspond pas à ses poids.</translation>
    </message>
    <message>
        <source>Out of memory. Try a smaller size, fewer images, a lower precision or the CPU.</source>
        <translation>Mémoire insuffisante. Essayez une taille plus petite, moins d’images, une précision plus faible ou le CPU.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <source>Internal error.</source>
        <translation>Erreur interne.</translation>
    </message>
</context>
<context>
    <name>muse::ui::HistoryStrip</name>
    <message>
        <source>(no prompt)</source>
        <translation>(sans prompt)</translation>
    </message>
    <message>
        <source>Not saved to disk</source>
        <translation>Non enregistré sur le disque</translation>
    </message>
</context>
<context>
    <name>muse::ui::ImageFiles</name>
    <message>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>Images (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>PNG with metadata (*.png);;JPEG (*.jpg *.jpeg)</source>
        <translation>PNG avec métadonnées (*.png);;JPEG (*.jpg *.jpeg)</translation>
    </message>
</context>
<context>
    <name>muse::ui::JobController</name>
    <message>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Générer</translation>
    </message>
    <message>
        <source>&amp;Cancel Current Job</source>
        <translation>&amp;Annuler la tâche en cours</translation>
    </message>
    <message>
        <source>Cancel &amp;Queued Jobs</source>
        <translation>Annuler les tâches en &amp;attente</translation>
    </message>
    <message>
        <source>Cancel &amp;All Jobs</source>
        <translation>Annuler &amp;toutes les tâches</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Appliquer</translation>
    </message>
    <message>
        <source>Make the selected result the image (undoable)</source>
        <translation>Faire du résultat sélectionné l’image (annulable)</translation>
    </message>
    <message>
        <source>Show &amp;Original</source>
        <translation>Afficher l’&amp;original</translation>
    </message>
    <message>
        <source>Toggle between the result and the image it was made from (C)</source>
        <translation>Basculer entre le résultat et l’image d’origine (C)</translation>
    </message>
    <message>
        <source>&amp;Split View</source>
        <translation>Vue &amp;partagée</translation>
    </message>
    <message>
        <source>Original on the left, result on the right; drag the line (S)</source>
        <translation>Original à gauche, résultat à droite ; la ligne se déplace (S)</translation>
    </message>
    <message>
        <source>&amp;Re-run</source>
        <translation>&amp;Relancer</translation>
    </message>
    <message>
        <source>Queue the selected result's request again, exactly</source>
        <translation>Remettre exactement la requête du résultat sélectionné en file d’attente</translation>
    </message>
    <message>
        <source>&amp;Use Parameters</source>
        <translation>&amp;Utiliser les paramètres</translation>
    </message>
    <message>
        <source>Put the selected result's prompt and settings into the prompt panel</source>
        <translation>Reprendre le prompt et les réglages du résultat sélectionné dans le panneau du prompt</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <source>Move the selected result's file to the trash</source>
        <translation>Mettre le fichier du résultat sélectionné à la corbeille</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Cannot start</source>
        <translation>Impossible de démarrer</translation>
    </message>
    <message>
        <source>Job #%1 queued (seed %2).</source>
        <translation>Tâche n° %1 en file d’attente (graine %2).</translation>
    </message>
    <message>
        <source>Result not saved</source>
        <translation>Résultat non enregistré</translation>
    </message>
    <message>
        <source>The result could not be written to the history folder:
%1</source>
        <translation>Le résultat n’a pas pu être écrit dans le dossier de l’historique :
%1</translation>
    </message>
    <message>
        <source>Job #%1 finished in %2 s.</source>
        <translation>Tâche n° %1 terminée en %2 s.</translation>
    </message>
    <message>
        <source>Job #%1: %2</source>
        <translation>Tâche n° %1 : %2</translation>
    </message>
    <message>
        <source>Jobs waiting: %1</source>
        <translation>Tâches en attente : %1</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>n° %1 %2</translation>
    </message>
    <message>
        <source> — %1 s left</source>
        <translation> — encore %1 s</translation>
    </message>
    <message>
        <source> (queued: %1)</source>
        <translation> (en attente : %1)</translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation>Impossible de lire %1.</translation>
    </message>
    <message>
        <source>Apply result</source>
        <translation>Appliquer le résultat</translation>
    </message>
    <message>
        <source>Cannot re-run</source>
        <translation>Impossible de relancer</translation>
    </message>
    <message>
        <source>Parameters restored; the seed is locked.</source>
        <translation>Paramètres restaurés ; la graine est verrouillée.</translation>
    </message>
    <message>
        <source>Extend canvas</source>
        <translation>Agrandir le canevas</translation>
    </message>
    <message>
        <source>Cannot delete</source>
        <translation>Impossible de supprimer</translation>
    </message>
    <message>
        <source>The file could not be moved to the trash.</source>
        <translation>Le fichier n’a pas pu être mis à la corbeille.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <source>It was made with the model %1; the loaded model is %2.</source>
        <translation>Il a été créé avec le modèle %1 ; le modèle chargé est %2.</translation>
    </message>
    <message>
        <source>Note: the prompt was longer than the model reads and was cut off.</source>
        <translation>Remarque : le prompt dépassait ce que le modèle lit et a été tronqué.</translation>
    </message>
</context>
<context>
    <name>muse::ui::JobQueue</name>
    <message>
        <source>Starting</source>
        <translation>Démarrage</translation>
    </message>
    <message>
        <source>Waiting for the engine</source>
        <translation>En attente du moteur</translation>
    </message>
    <message>
        <source>Loading the model</source>
        <translation>Chargement du modèle</translation>
    </message>
    <message>
        <source>Encoding the prompt</source>
        <translation>Encodage du prompt</translation>
    </message>
    <message>
        <source>Decoding tokens</source>
        <translation>Décodage des tokens</translation>
    </message>
    <message>
        <source>Super-resolution</source>
        <translation>Super-résolution</translation>
    </message>
    <message>
        <source>Decoding pixels</source>
        <translation>Décodage des pixels</translation>
    </message>
    <message>
        <source>Compositing</source>
        <translation>Composition</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <source>%1 (image %2 of %3)</source>
        <translation>%1 (image %2 sur %3)</translation>
    </message>
</context>
<context>
    <name>muse::ui::MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Mask</source>
        <translation>Masque</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>File d’attente</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Étapes</translation>
    </message>
    <message>
        <source>%1 holds no Muse Studio parameters.</source>
        <translation>%1 ne contient aucun paramètre Muse Studio.</translation>
    </message>
    <message>
        <source>Fill mask</source>
        <translation>Remplir le masque</translation>
    </message>
    <message>
        <source>Clear mask</source>
        <translation>Vider le masque</translation>
    </message>
    <message>
        <source>Invert mask</source>
        <translation>Inverser le masque</translation>
    </message>
    <message>
        <source>Grow mask</source>
        <translation>Agrandir le masque</translation>
    </message>
    <message>
        <source>Shrink mask</source>
        <translation>Réduire le masque</translation>
    </message>
    <message>
        <source>Feather mask</source>
        <translation>Adoucir le bord du masque</translation>
    </message>
    <message>
        <source>Drop image</source>
        <translation>Déposer une image</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Ouvrir…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Ouvrir un fichier &amp;récent</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exporter…</translation>
    </message>
    <message>
        <source>Save the image as PNG (with its parameters) or JPEG</source>
        <translation>Enregistrer l’image en PNG (avec ses paramètres) ou en JPEG</translation>
    </message>
    <message>
        <source>Show the &amp;History Folder</source>
        <translation>Afficher le dossier de l’&amp;historique</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Rétablir</translation>
    </message>
    <message>
        <source>&amp;Copy Image</source>
        <translation>&amp;Copier l’image</translation>
    </message>
    <message>
        <source>&amp;Paste Image</source>
        <translation>Co&amp;ller l’image</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Paramètres…</translation>
    </message>
    <message>
        <source>&amp;Mask</source>
        <translation>&amp;Masque</translation>
    </message>
    <message>
        <source>Smaller Brush</source>
        <translation>Pinceau plus petit</translation>
    </message>
    <message>
        <source>Larger Brush</source>
        <translation>Pinceau plus grand</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>Zoom &amp;avant</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Zoom a&amp;rrière</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>A&amp;juster à la fenêtre</translation>
    </message>
    <message>
        <source>&amp;Actual Size (100 %)</source>
        <translation>Taille &amp;réelle (100 %)</translation>
    </message>
    <message>
        <source>&amp;Confidence Heat Map</source>
        <translation>Carte de &amp;confiance</translation>
    </message>
    <message>
        <source>Colour the preview by how sure the model was of each token (red = unsure)</source>
        <translation>Colorer l’aperçu selon la certitude du modèle pour chaque token (rouge = incertain)</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Générer</translation>
    </message>
    <message>
        <source>&amp;Result</source>
        <translation>&amp;Résultat</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ai&amp;de</translation>
    </message>
    <message>
        <source>&amp;About Muse Studio</source>
        <translation>À &amp;propos de Muse Studio</translation>
    </message>
    <message>
        <source>About Muse Studio</source>
        <translation>À propos de Muse Studio</translation>
    </message>
    <message>
        <source>&lt;b&gt;Muse Studio %1&lt;/b&gt;&lt;p&gt;Image generation and editing with Muse masked generative transformers, on your own computer.&lt;/p&gt;&lt;p&gt;LibTorch %2, %3.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Muse Studio %1&lt;/b&gt;&lt;p&gt;Génération et retouche d’images avec les transformeurs génératifs masqués Muse, sur votre propre ordinateur.&lt;/p&gt;&lt;p&gt;LibTorch %2, %3.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>CUDA with %1 GPU(s)</source>
        <translation>CUDA avec %1 GPU</translation>
    </message>
    <message>
        <source>CPU with %1 threads</source>
        <translation>CPU avec %1 threads</translation>
    </message>
    <message>
        <source>none loaded</source>
        <translation>aucun chargé</translation>
    </message>
    <message>
        <source>Model ready: %1</source>
        <translation>Modèle prêt : %1</translation>
    </message>
    <message>
        <source>Extend canvas</source>
        <translation>Agrandir le canevas</translation>
    </message>
    <message>
        <source>Cannot open</source>
        <translation>Impossible d’ouvrir</translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation>%1
%2</translation>
    </message>
    <message>
        <source>Opened %1; its parameters are in the prompt panel.</source>
        <translation>%1 ouvert ; ses paramètres sont dans le panneau du prompt.</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>Ouvrir %1</translation>
    </message>
    <message>
        <source>Parameters restored from %1; the seed is locked.</source>
        <translation>Paramètres restaurés depuis %1 ; la graine est verrouillée.</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>Impossible d’exporter</translation>
    </message>
    <message>
        <source>Exported %1.</source>
        <translation>%1 exporté.</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>Ouvrir une image</translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation>Rien à exporter</translation>
    </message>
    <message>
        <source>There is no image yet.</source>
        <translation>Il n’y a pas encore d’image.</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>sans titre</translation>
    </message>
    <message>
        <source>Export Image</source>
        <translation>Exporter l’image</translation>
    </message>
    <message>
        <source>Paste image</source>
        <translation>Coller l’image</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucun)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>The new language is used the next time Muse Studio starts.</source>
        <translation>La nouvelle langue sera utilisée au prochain démarrage de Muse Studio.</translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation>L’enregistrement automatique a échoué : %1</translation>
    </message>
    <message>
        <source>Recover document</source>
        <translation>Récupérer le document</translation>
    </message>
    <message>
        <source>Muse Studio did not close properly last time. Restore the document autosaved at %1?</source>
        <translation>Muse Studio ne s’est pas fermé correctement la dernière fois. Restaurer le document enregistré automatiquement à %1 ?</translation>
    </message>
    <message>
        <source>%1[*] — Muse Studio</source>
        <translation>%1[*] — Muse Studio</translation>
    </message>
    <message>
        <source>Jobs running</source>
        <translation>Tâches en cours</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Modifications non enregistrées</translation>
    </message>
    <message>
        <source>The image has changes that were not exported. Quit anyway?</source>
        <translation>L’image a des modifications qui n’ont pas été exportées. Quitter quand même ?</translation>
    </message>
    <message>
        <source>Jobs still queued or running: %1. Cancel them and quit?</source>
        <translation>Tâches encore en attente ou en cours : %1. Les annuler et quitter ?</translation>
    </message>
</context>
<context>
    <name>muse::ui::MaskPanel</name>
    <message>
        <source>Brush</source>
        <translation>Pinceau</translation>
    </message>
    <message>
        <source>Paint the area to regenerate (B)</source>
        <translation>Peindre la zone à régénérer (B)</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>Gomme</translation>
    </message>
    <message>
        <source>Erase from the mask (E)</source>
        <translation>Effacer du masque (E)</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>Déplacer</translation>
    </message>
    <message>
        <source>Move the view (H, or hold Space)</source>
        <translation>Déplacer la vue (H, ou maintenir Espace)</translation>
    </message>
    <message>
        <source>Fill</source>
        <translation>Remplir</translation>
    </message>
    <message>
        <source>Mask the whole image</source>
        <translation>Masquer toute l’image</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Vider</translation>
    </message>
    <message>
        <source>Clear the mask</source>
        <translation>Vider le masque</translation>
    </message>
    <message>
        <source>Invert</source>
        <translation>Inverser</translation>
    </message>
    <message>
        <source>Swap masked and kept areas</source>
        <translation>Échanger les zones masquées et conservées</translation>
    </message>
    <message>
        <source>Grow</source>
        <translation>Agrandir</translation>
    </message>
    <message>
        <source>Grow the mask by the given pixels</source>
        <translation>Agrandir le masque du nombre de pixels indiqué</translation>
    </message>
    <message>
        <source>Shrink</source>
        <translation>Réduire</translation>
    </message>
    <message>
        <source>Shrink the mask by the given pixels</source>
        <translation>Réduire le masque du nombre de pixels indiqué</translation>
    </message>
    <message>
        <source>Feather</source>
        <translation>Adoucir</translation>
    </message>
    <message>
        <source>Soften the mask's edge over the given radius</source>
        <translation>Adoucir le bord du masque sur le rayon indiqué</translation>
    </message>
    <message>
        <source>Token grid</source>
        <translation>Grille de tokens</translation>
    </message>
    <message>
        <source>Show the model's token grid and the tokens the mask regenerates (T)</source>
        <translation>Afficher la grille de tokens du modèle et les tokens que le masque régénère (T)</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Brush diameter ([ smaller, ] larger)</source>
        <translation>Diamètre du pinceau ([ plus petit, ] plus grand)</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>0 = soft edge, 100 = hard edge</source>
        <translation>0 = bord doux, 100 = bord net</translation>
    </message>
    <message>
        <source>Hardness</source>
        <translation>Dureté</translation>
    </message>
    <message>
        <source>Colour of the mask overlay</source>
        <translation>Couleur de la superposition du masque</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>Superposition</translation>
    </message>
    <message>
        <source>Mask overlay colour</source>
        <translation>Couleur de la superposition du masque</translation>
    </message>
</context>
<context>
    <name>muse::ui::ModelChooser</name>
    <message>
        <source>The model that generates: the built-in one, or a folder in aMUSEd or Muse layout</source>
        <translation>Le modèle qui génère : celui intégré, ou un dossier au format aMUSEd ou Muse</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>Dossier…</translation>
    </message>
    <message>
        <source>Choose a model folder</source>
        <translation>Choisir un dossier de modèle</translation>
    </message>
    <message>
        <source>Built-in default model</source>
        <translation>Modèle intégré par défaut</translation>
    </message>
    <message>
        <source>Choose a folder…</source>
        <translation>Choisir un dossier…</translation>
    </message>
    <message>
        <source>Not a model folder</source>
        <translation>Pas un dossier de modèle</translation>
    </message>
    <message>
        <source>%1 is not a model folder in aMUSEd or Muse layout:
%2</source>
        <translation>%1 n’est pas un dossier de modèle au format aMUSEd ou Muse :
%2</translation>
    </message>
    <message>
        <source>Loading the built-in model…</source>
        <translation>Chargement du modèle intégré…</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>Chargement de %1…</translation>
    </message>
    <message>
        <source>No model: %1</source>
        <translation>Aucun modèle : %1</translation>
    </message>
    <message>
        <source>%1 — %2×%3 px, %4 px tokens, %5 M parameters, %6 %7</source>
        <translation>%1 — %2×%3 px, tokens de %4 px, %5 M de paramètres, %6 %7</translation>
    </message>
</context>
<context>
    <name>muse::ui::PromptPanel</name>
    <message>
        <source>Generate</source>
        <translation>Générer</translation>
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
        <translation>Retoucher</translation>
    </message>
    <message>
        <source>A new image from the prompt</source>
        <translation>Une nouvelle image à partir du prompt</translation>
    </message>
    <message>
        <source>Regenerate the masked part of the image</source>
        <translation>Régénérer la partie masquée de l’image</translation>
    </message>
    <message>
        <source>Extend the canvas and fill the new area</source>
        <translation>Agrandir le canevas et remplir la nouvelle zone</translation>
    </message>
    <message>
        <source>Change the whole image towards the prompt, without a mask</source>
        <translation>Modifier toute l’image vers le prompt, sans masque</translation>
    </message>
    <message>
        <source>Describe the image…</source>
        <translation>Décrivez l’image…</translation>
    </message>
    <message>
        <source>Negative prompt: what to avoid (optional)</source>
        <translation>Prompt négatif : ce qu’il faut éviter (facultatif)</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Negative prompt</source>
        <translation>Prompt négatif</translation>
    </message>
    <message>
        <source>The same seed and settings give the same image</source>
        <translation>La même graine et les mêmes réglages donnent la même image</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Verrouiller</translation>
    </message>
    <message>
        <source>Keep this seed for the next jobs (otherwise every job draws a new one)</source>
        <translation>Garder cette graine pour les prochaines tâches (sinon chaque tâche en tire une nouvelle)</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nouvelle</translation>
    </message>
    <message>
        <source>Draw a new random seed</source>
        <translation>Tirer une nouvelle graine aléatoire</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Graine</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Par défaut</translation>
    </message>
    <message>
        <source>Parallel decoding steps of the base transformer</source>
        <translation>Étapes de décodage parallèle du transformeur de base</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Étapes</translation>
    </message>
    <message>
        <source>Decoding steps of the super-resolution transformer (Muse models only)</source>
        <translation>Étapes de décodage du transformeur de super-résolution (modèles Muse uniquement)</translation>
    </message>
    <message>
        <source>Super-res steps</source>
        <translation>Étapes de super-résolution</translation>
    </message>
    <message>
        <source>Classifier-free guidance: how strongly the image follows the prompt (1 = off)</source>
        <translation>Guidage sans classifieur : à quel point l’image suit le prompt (1 = désactivé)</translation>
    </message>
    <message>
        <source>Guidance scale</source>
        <translation>Force du guidage</translation>
    </message>
    <message>
        <source>Model default</source>
        <translation>Défaut du modèle</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>Constant</translation>
    </message>
    <message>
        <source>Linear (rising)</source>
        <translation>Linéaire (croissant)</translation>
    </message>
    <message>
        <source>Guidance schedule</source>
        <translation>Évolution du guidage</translation>
    </message>
    <message>
        <source>Randomness of the token choice at the first step; it falls to 0 by the last</source>
        <translation>Part de hasard dans le choix des tokens à la première étape ; elle tombe à 0 à la dernière</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Température</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>Cosinus</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>Linéaire</translation>
    </message>
    <message>
        <source>How many tokens stay masked after each step</source>
        <translation>Combien de tokens restent masqués après chaque étape</translation>
    </message>
    <message>
        <source>Mask schedule</source>
        <translation>Planning de masquage</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Queue a job with these settings (Ctrl+Return)</source>
        <translation>Mettre une tâche avec ces réglages en file d’attente (Ctrl+Entrée)</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>Native</source>
        <translation>Native</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>Largeur</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>Hauteur</translation>
    </message>
    <message>
        <source>Regenerate this many extra tokens around the mask</source>
        <translation>Régénérer autant de tokens supplémentaires autour du masque</translation>
    </message>
    <message>
        <source>Grow tokens</source>
        <translation>Tokens en plus</translation>
    </message>
    <message>
        <source>Soft edge when the result is blended into the original</source>
        <translation>Bord doux lors du fondu du résultat dans l’original</translation>
    </message>
    <message>
        <source>Feather</source>
        <translation>Adoucir</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Gauche</translation>
    </message>
    <message>
        <source>Top</source>
        <translation>Haut</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Droite</translation>
    </message>
    <message>
        <source>Bottom</source>
        <translation>Bas</translation>
    </message>
    <message>
        <source>Or drag the handles on the canvas edges.</source>
        <translation>Ou faites glisser les poignées sur les bords du canevas.</translation>
    </message>
    <message>
        <source>The largest share of tokens allowed to change</source>
        <translation>La plus grande part de tokens autorisée à changer</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>Intensité</translation>
    </message>
    <message>
        <source>Iterations</source>
        <translation>Itérations</translation>
    </message>
    <message>
        <source>Default (%1)</source>
        <translation>Par défaut (%1)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Aucune</translation>
    </message>
    <message>
        <source>Native (%1)</source>
        <translation>Native (%1)</translation>
    </message>
    <message>
        <source>Resample (Muse)</source>
        <translation>Rééchantillonner (Muse)</translation>
    </message>
    <message>
        <source>Image to image (aMUSEd)</source>
        <translation>Image vers image (aMUSEd)</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Méthode</translation>
    </message>
    <message>
        <source>Targeted</source>
        <translation>Ciblé</translation>
    </message>
    <message>
        <source>Targeted: regenerates the parts of the image the new prompt disagrees with. Resample: rounds that re-mask and re-predict random tokens. Image to image: masks tokens as far into the schedule as the strength says.</source>
        <translation>Ciblé : régénère les parties de l’image avec lesquelles le nouveau prompt est en désaccord. Rééchantillonner : des passes qui remasquent et reprédisent des tokens au hasard. Image vers image : masque les tokens aussi loin dans le planning que l’indique l’intensité.</translation>
    </message>
    <message>
        <source>Resampling rounds</source>
        <translation>Passes de rééchantillonnage</translation>
    </message>
    <message>
        <source>Describe the whole extended image, not only the new part.</source>
        <translation>Décrivez toute l’image agrandie, pas seulement la partie ajoutée.</translation>
    </message>
    <message>
        <source>Describe the whole image as it should look after the change.</source>
        <translation>Décrivez toute l’image telle qu’elle doit être après la modification.</translation>
    </message>
    <message>
        <source>Describe what the masked area should show, or the whole image as it should look.</source>
        <translation>Décrivez ce que la zone masquée doit montrer, ou toute l’image telle qu’elle doit être.</translation>
    </message>
</context>
<context>
    <name>muse::ui::QueuePanel</name>
    <message>
        <source>Queued</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>%1 — %2 %, %3 s left</source>
        <translation>%1 — %2 %, encore %3 s</translation>
    </message>
    <message>
        <source>%1 — %2 %</source>
        <translation>%1 — %2 %</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Échec : %1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Générer</translation>
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
        <translation>Retoucher</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Tâche</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Cancel all</source>
        <translation>Tout annuler</translation>
    </message>
    <message>
        <source>Cancel the running job and every queued one</source>
        <translation>Annuler la tâche en cours et toutes celles en attente</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>Retirer les terminées</translation>
    </message>
    <message>
        <source>Cancel this job</source>
        <translation>Annuler cette tâche</translation>
    </message>
    <message>
        <source>(no prompt)</source>
        <translation>(sans prompt)</translation>
    </message>
</context>
<context>
    <name>muse::ui::RequestBuilder</name>
    <message>
        <source>Open or generate an image first.</source>
        <translation>Ouvrez ou générez d’abord une image.</translation>
    </message>
    <message>
        <source>Paint a mask over the part to regenerate first (brush: B).</source>
        <translation>Peignez d’abord un masque sur la partie à régénérer (pinceau : B).</translation>
    </message>
    <message>
        <source>Extend the canvas first: drag the handles on its edges or set the margins.</source>
        <translation>Agrandissez d’abord le canevas : faites glisser les poignées de ses bords ou réglez les marges.</translation>
    </message>
</context>
<context>
    <name>muse::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Moteur</translation>
    </message>
    <message>
        <source>Automatic (CUDA when available)</source>
        <translation>Automatique (CUDA si disponible)</translation>
    </message>
    <message>
        <source>CPU (%1 threads)</source>
        <translation>CPU (%1 threads)</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>CUDA (not available)</source>
        <translation>CUDA (non disponible)</translation>
    </message>
    <message>
        <source>CUDA device %1</source>
        <translation>Périphérique CUDA %1</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Périphérique</translation>
    </message>
    <message>
        <source>fp32 (exact, slowest)</source>
        <translation>fp32 (exact, le plus lent)</translation>
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
        <translation>Encodeur de texte et transformeurs ; le décodeur d’image tourne toujours en fp32</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Précision</translation>
    </message>
    <message>
        <source>Show a preview of every decoding step</source>
        <translation>Afficher un aperçu de chaque étape de décodage</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>At most one preview per interval (decoding a preview costs time)</source>
        <translation>Au plus un aperçu par intervalle (décoder un aperçu prend du temps)</translation>
    </message>
    <message>
        <source>Preview interval</source>
        <translation>Intervalle des aperçus</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Désactivé</translation>
    </message>
    <message>
        <source>Autosave every</source>
        <translation>Enregistrement automatique toutes les</translation>
    </message>
</context>
<context>
    <name>muse::ui::StepStatsPlot</name>
    <message>
        <source>Step</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>Tokens masked</source>
        <translation>Tokens masqués</translation>
    </message>
    <message>
        <source>Mean confidence</source>
        <translation>Confiance moyenne</translation>
    </message>
    <message>
        <source>Seconds per step</source>
        <translation>Secondes par étape</translation>
    </message>
</context>
</TS>
