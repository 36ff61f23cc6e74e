<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CertificateDialog</name>
    <message>
        <location filename="../../app/views/certificate_dialog.py" line="26"/>
        <source>Certificate or test report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_dialog.py" line="30"/>
        <source>e.g. ISO 9001:2015, OEKO-TEX Standard 100, SGS report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_dialog.py" line="39"/>
        <source>No file attached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_dialog.py" line="40"/>
        <source>Attach PDF or image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_dialog.py" line="62"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_dialog.py" line="63"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_dialog.py" line="64"/>
        <source>Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_dialog.py" line="65"/>
        <source>Issued by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_dialog.py" line="66"/>
        <source>Issued on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_dialog.py" line="67"/>
        <source>Expires on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_dialog.py" line="68"/>
        <source>Scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_dialog.py" line="72"/>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_dialog.py" line="100"/>
        <source>Attach a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/certificate_dialog.py" line="101"/>
        <source>PDF or images (*.pdf *.jpg *.jpeg *.png)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FactoryPage</name>
    <message>
        <location filename="../../app/views/factory_page.py" line="49"/>
        <source>Keep private (never printed, exported or listed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="53"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="81"/>
        <source>Factory profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="83"/>
        <source>Step 1 of the journey: who makes the goods, and the evidence behind the quality.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="98"/>
        <source>Chinese</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="98"/>
        <source>English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="113"/>
        <source>Company and brand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="115"/>
        <source>Factory name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="116"/>
        <source>Own brand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="117"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="118"/>
        <source>Capabilities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="123"/>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="125"/>
        <source>Contact person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="125"/>
        <source>e.g. Zhou Qi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="126"/>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="127"/>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="128"/>
        <source>Website</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="133"/>
        <source>Production</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="135"/>
        <source>Capacity per month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="135"/>
        <location filename="../../app/views/factory_page.py" line="137"/>
        <source>units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="136"/>
        <source>Capacity unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="136"/>
        <source>pcs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="137"/>
        <source>Minimum order quantity (MOQ)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="138"/>
        <source>Lead time (days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="138"/>
        <source>days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="139"/>
        <source>Materials partners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="139"/>
        <source>e.g. PC shell resin from a named supplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="141"/>
        <source>OEM history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="162"/>
        <source>Certificates and test reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="163"/>
        <source>Claims such as food grade, waterproof or OEKO-TEX need evidence: keep it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="177"/>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="178"/>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="179"/>
        <source>Open file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="180"/>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="240"/>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="240"/>
        <source>All changes saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="310"/>
        <source>Delete certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="311"/>
        <source>Delete “%1”? Products that cite it lose this evidence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="325"/>
        <source>No file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/factory_page.py" line="325"/>
        <source>No file is attached to this certificate.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/views/main_window.py" line="100"/>
        <source>Factory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="100"/>
        <source>Products</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="100"/>
        <source>Pricing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="101"/>
        <source>Listing packs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="101"/>
        <source>Print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="101"/>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="105"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="106"/>
        <source>&amp;New workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="108"/>
        <source>&amp;Open workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="110"/>
        <source>Create &amp;demo workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="111"/>
        <source>Open &amp;recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="114"/>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="116"/>
        <source>&amp;Back up now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="117"/>
        <source>&amp;Close workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="120"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="121"/>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="122"/>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="125"/>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="129"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="135"/>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="136"/>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="144"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="145"/>
        <source>Open &amp;log folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="146"/>
        <source>&amp;About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="179"/>
        <source>Can&apos;t open the workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="184"/>
        <source>Updated the workspace to the current version; a backup was taken first: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="192"/>
        <location filename="../../app/views/main_window.py" line="197"/>
        <source>Damaged workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="193"/>
        <source>No good backup was found. The file was left untouched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="195"/>
        <source>Restore the backup from %1? The damaged file is kept, renamed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="201"/>
        <source>Restored. The damaged file was kept as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="254"/>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="254"/>
        <source>Save the changes to the factory profile?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="261"/>
        <source>Open workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="262"/>
        <source>Factory Direct workspaces (*.fdw);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="268"/>
        <source>Factory Direct workspaces (*.fdw)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="275"/>
        <source>New workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="279"/>
        <source>Create demo workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="292"/>
        <source>Can&apos;t create the workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="354"/>
        <source>Backup saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="375"/>
        <source>About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/main_window.py" line="376"/>
        <source>Take your factory&apos;s own brand online.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlannedPage</name>
    <message>
        <location filename="../../app/views/planned_page.py" line="32"/>
        <source>Coming in the next release. This step will:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="47"/>
        <source>Products</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="47"/>
        <source>Step 2: define what you sell — products, variants, images, barcodes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="48"/>
        <source>A catalogue table that stays fast at 100,000 SKUs, with search in Chinese and English.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="49"/>
        <source>A product editor with the category&apos;s attribute template, zh and en side by side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="50"/>
        <source>A variant matrix (colour × size) that generates SKU codes and checks GTIN barcodes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="51"/>
        <source>Image checks, undo and redo, and CSV/XLSX import and export that Chinese Excel opens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="54"/>
        <source>Pricing for value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="54"/>
        <source>Step 3: what the consumer pays through the old chain, and what it can cost direct.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="55"/>
        <source>Cost build-up per SKU and fee profiles for Tmall, JD, Pinduoduo, Douyin, 1688, Amazon, Shopify…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="56"/>
        <source>The floor and suggested price per channel, margin, contribution and break-even volume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="57"/>
        <source>A chart of ex-factory cost → each layer of the traditional chain → consumer price, beside the direct price.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="60"/>
        <source>Listing packs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="60"/>
        <source>Step 4: everything a platform needs to put a product on sale.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="61"/>
        <source>Titles within each platform&apos;s limit, selling points, spec tables and images cut to size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="62"/>
        <source>The platform&apos;s bulk-upload file (Shopify, WooCommerce, Amazon, Tmall, JD…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="63"/>
        <source>A compliance check for banned absolute terms, other brands&apos; names and claims without evidence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="66"/>
        <source>Print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="66"/>
        <source>Step 5: documents sales staff hand to buyers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="67"/>
        <source>Bilingual spec sheets with barcodes and a QR code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="68"/>
        <source>B2B price lists with quantity tiers, and a full catalogue with contents and index.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="71"/>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="71"/>
        <source>Step 6: push products to your own shop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="72"/>
        <source>Shopify and WooCommerce over their real APIs, with keys kept in the system keyring.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/planned_page.py" line="73"/>
        <source>Resumable jobs that never create duplicates, with a dry run first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../app/views/welcome_page.py" line="27"/>
        <source>New workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/welcome_page.py" line="28"/>
        <source>Start a factory from scratch: one file holds all its data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/welcome_page.py" line="29"/>
        <source>Open workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/welcome_page.py" line="30"/>
        <source>Open a .fdw file from this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/welcome_page.py" line="31"/>
        <source>Try the demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/welcome_page.py" line="32"/>
        <source>A Shanghai travel-goods and textile factory, ready to explore.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/welcome_page.py" line="48"/>
        <source>From factory to your own brand online: products, prices, listings, print.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/welcome_page.py" line="58"/>
        <source>Recent workspaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/views/welcome_page.py" line="62"/>
        <source>No recent workspaces yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
