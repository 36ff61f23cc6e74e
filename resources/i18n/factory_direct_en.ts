<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>CostsStep</name>
    <message numerus="yes">
        <location filename="../../app/views/onboarding/wizard.py" line="362"/>
        <source>This cost was also given to %n variant(s) that had none.</source>
        <translation>
            <numerusform>This cost was also given to %n variant that had none.</numerusform>
            <numerusform>This cost was also given to %n variants that had none.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImagesTab</name>
    <message numerus="yes">
        <location filename="../../app/views/products/editor/images.py" line="353"/>
        <source>Checking %n file(s)…</source>
        <translation>
            <numerusform>Checking %n file…</numerusform>
            <numerusform>Checking %n files…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/views/products/editor/images.py" line="359"/>
        <source>%n image(s) added.</source>
        <translation>
            <numerusform>%n image added.</numerusform>
            <numerusform>%n images added.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PackStep</name>
    <message numerus="yes">
        <location filename="../../app/views/onboarding/wizard.py" line="654"/>
        <source>The checks found %n error(s). Fix them in the product editor, or give a reason to build a draft anyway.</source>
        <translation>
            <numerusform>The checks found %n error. Fix it in the product editor, or give a reason to build a draft anyway.</numerusform>
            <numerusform>The checks found %n errors. Fix them in the product editor, or give a reason to build a draft anyway.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VariantsTab</name>
    <message numerus="yes">
        <location filename="../../app/views/products/editor/variants.py" line="371"/>
        <source>Generate will add %n SKU(s).</source>
        <translation>
            <numerusform>Generate will add %n SKU.</numerusform>
            <numerusform>Generate will add %n SKUs.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/views/products/editor/variants.py" line="375"/>
        <source>%n SKU(s) no longer match the options.</source>
        <translation>
            <numerusform>%n SKU no longer matches the options.</numerusform>
            <numerusform>%n SKUs no longer match the options.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/views/products/editor/variants.py" line="376"/>
        <source>%n variant(s) in total.</source>
        <translation>
            <numerusform>%n variant in total.</numerusform>
            <numerusform>%n variants in total.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/views/products/editor/variants.py" line="381"/>
        <source>%n SKU(s)</source>
        <translation>
            <numerusform>%n SKU</numerusform>
            <numerusform>%n SKUs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/views/products/editor/variants.py" line="447"/>
        <source>These %n SKU(s) would be deleted with their barcodes, weights and costs:</source>
        <translation>
            <numerusform>This SKU would be deleted with its barcode, weight and cost:</numerusform>
            <numerusform>These %n SKUs would be deleted with their barcodes, weights and costs:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/views/products/editor/variants.py" line="499"/>
        <source>%n SKU(s) don&apos;t match the options any more (e.g. %1). Delete them?</source>
        <translation>
            <numerusform>%n SKU doesn&apos;t match the options any more (%1). Delete it?</numerusform>
            <numerusform>%n SKUs don&apos;t match the options any more (e.g. %1). Delete them?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/views/products/editor/variants.py" line="509"/>
        <source>Generate %n SKU(s)</source>
        <translation>
            <numerusform>Generate %n SKU</numerusform>
            <numerusform>Generate %n SKUs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/views/products/editor/variants.py" line="532"/>
        <source>Delete these %n SKU(s)?</source>
        <translation>
            <numerusform>Delete this SKU?</numerusform>
            <numerusform>Delete these %n SKUs?</numerusform>
        </translation>
    </message>
</context>
</TS>
