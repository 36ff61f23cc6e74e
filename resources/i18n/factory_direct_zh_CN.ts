<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AllowListModel</name>
    <message>
        <location filename="../../app/views/packs/page.py" line="168"/>
        <source>Phrase</source>
        <translation>词语</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="168"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="168"/>
        <source>Added by</source>
        <translation>添加人</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="168"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
</context>
<context>
    <name>AttributesTab</name>
    <message>
        <location filename="../../app/views/products/editor/attributes.py" line="75"/>
        <source>Attributes</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/attributes.py" line="76"/>
        <source>Choose a category on the Basics tab to see the attributes its listings need.</source>
        <translation>请先在“基本信息”页选择类目，即可看到上架所需的属性。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/attributes.py" line="80"/>
        <source>Attributes of the category</source>
        <translation>类目属性</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/attributes.py" line="81"/>
        <source>Fields marked * are required by the category. Variant options such as colour and size are set per SKU on the Variants tab.</source>
        <translation>带 * 的字段为类目必填项。颜色、尺码等规格在“规格”页按 SKU 设置。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/attributes.py" line="94"/>
        <source>This category has no attributes beyond the variant options.</source>
        <translation>该类目除规格外没有其他属性。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/attributes.py" line="110"/>
        <source>Required by the category</source>
        <translation>类目必填</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/attributes.py" line="120"/>
        <source>— not set —</source>
        <translation>— 未设置 —</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/attributes.py" line="127"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/attributes.py" line="130"/>
        <source>not answered yet</source>
        <translation>尚未填写</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/attributes.py" line="194"/>
        <source>Also stored from an earlier category: %1</source>
        <translation>之前类目中保存的属性：%1</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/attributes.py" line="224"/>
        <source>Edit %1</source>
        <translation>修改%1</translation>
    </message>
</context>
<context>
    <name>AxisBox</name>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="91"/>
        <source>Remove the selected value</source>
        <extracomment>How many SKU codes a &quot;these will be deleted&quot; question names before it says &quot;and N more&quot;.</extracomment>
        <translation>删除所选规格值</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="97"/>
        <source>Remove this option</source>
        <translation>删除此规格</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="113"/>
        <source>New value</source>
        <translation>新规格值</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="115"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="116"/>
        <source>Optional: the value&apos;s code in SKU codes, e.g. BLK</source>
        <translation>可选：该规格值在 SKU 编码中的代码，例如 BLK</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="120"/>
        <source>Add value</source>
        <translation>添加规格值</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="156"/>
        <source>“%1” is already a value of this axis.</source>
        <translation>“%1”已是该规格的规格值。</translation>
    </message>
</context>
<context>
    <name>BackgroundJob</name>
    <message>
        <location filename="../../app/views/kit/tasks.py" line="119"/>
        <source>Cancel</source>
        <extracomment>A job&apos;s progress dialog appears only when the work takes longer than this.</extracomment>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/views/kit/tasks.py" line="120"/>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location filename="../../app/views/kit/tasks.py" line="137"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>BasicsTab</name>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="65"/>
        <source>Product code</source>
        <translation>货号</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="65"/>
        <source>Category</source>
        <translation>类目</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="65"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="66"/>
        <source>Brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="66"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="66"/>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="67"/>
        <source>Selling points</source>
        <translation>卖点</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="67"/>
        <source>Materials</source>
        <translation>材质</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="68"/>
        <source>Differentiator</source>
        <translation>差异化卖点</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="68"/>
        <source>Reference price</source>
        <translation>参考价</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="69"/>
        <source>Generic label</source>
        <translation>泛称</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="76"/>
        <source>%1 (Chinese)</source>
        <translation>%1（中文）</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="78"/>
        <source>%1 (English)</source>
        <translation>%1（英文）</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="83"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="90"/>
        <source>e.g. the factory&apos;s own brand</source>
        <translation>例如 工厂自有品牌</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="106"/>
        <source>— no category —</source>
        <translation>— 未选类目 —</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="115"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="116"/>
        <source>Ready to list</source>
        <translation>待上架</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="117"/>
        <source>Listed</source>
        <translation>已上架</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="118"/>
        <source>Archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="122"/>
        <source>Names and texts</source>
        <translation>名称与文案</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="126"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="126"/>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="141"/>
        <source>Selling points: one per line.</source>
        <translation>卖点：每行一条。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="148"/>
        <source>How it is made</source>
        <translation>用料与工艺</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="153"/>
        <source>Materials and parts, e.g. virgin PC shell, 6063 aluminium trolley.</source>
        <translation>材质与部件，例如 全新 PC 料箱壳、6063 铝合金拉杆。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="154"/>
        <source>Why this product and not the one everyone else launched.</source>
        <translation>为什么选这款，而不是别人都在卖的那款。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="168"/>
        <source>Private reference — never printed</source>
        <translation>内部参考——不会打印</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="170"/>
        <source>A comparable branded product&apos;s price, for your own pricing only. It is never printed, exported or listed. Describe it generically (e.g. “international brand 24-inch PC suitcase”), never by brand.</source>
        <translation>同类品牌产品的价格，仅供您自己定价参考，不会打印、导出或上架。请用泛称描述（例如“国际品牌 24 寸 PC 拉杆箱”），不要写品牌名。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="187"/>
        <source>e.g. branded 24-inch PC suitcase</source>
        <translation>例如 品牌 24 寸 PC 拉杆箱</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/basics.py" line="271"/>
        <source>Edit %1</source>
        <translation>修改%1</translation>
    </message>
</context>
<context>
    <name>BrandStep</name>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="146"/>
        <source>Brand (Chinese)</source>
        <translation>品牌（中文）</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="146"/>
        <source>Brand (English)</source>
        <translation>品牌（英文）</translation>
    </message>
</context>
<context>
    <name>BulkEditCommand</name>
    <message>
        <location filename="../../app/views/products/bulk.py" line="82"/>
        <source>Can&apos;t undo or redo the bulk edit</source>
        <translation>无法撤销或重做批量修改</translation>
    </message>
    <message>
        <location filename="../../app/views/products/bulk.py" line="224"/>
        <source>Set %1 to “%2” on %3 products</source>
        <translation>将 %3 个产品的%1设为“%2”</translation>
    </message>
</context>
<context>
    <name>BulkEditDialog</name>
    <message>
        <location filename="../../app/views/products/bulk.py" line="40"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/products/bulk.py" line="41"/>
        <source>Category</source>
        <translation>类目</translation>
    </message>
    <message>
        <location filename="../../app/views/products/bulk.py" line="42"/>
        <source>Brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <location filename="../../app/views/products/bulk.py" line="43"/>
        <source>Materials</source>
        <translation>材质</translation>
    </message>
    <message>
        <location filename="../../app/views/products/bulk.py" line="44"/>
        <source>Differentiator</source>
        <translation>差异化卖点</translation>
    </message>
    <message>
        <location filename="../../app/views/products/bulk.py" line="96"/>
        <source>Bulk edit</source>
        <translation>批量修改</translation>
    </message>
    <message>
        <location filename="../../app/views/products/bulk.py" line="109"/>
        <source>The same text for every product; leave empty to clear it</source>
        <translation>所有产品填入相同文字；留空则清空</translation>
    </message>
    <message>
        <location filename="../../app/views/products/bulk.py" line="114"/>
        <source>Apply to all %1 products that match the search and filters</source>
        <translation>应用到符合搜索和筛选条件的全部 %1 个产品</translation>
    </message>
    <message>
        <location filename="../../app/views/products/bulk.py" line="121"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../app/views/products/bulk.py" line="126"/>
        <source>Change</source>
        <translation>修改项</translation>
    </message>
    <message>
        <location filename="../../app/views/products/bulk.py" line="127"/>
        <source>To</source>
        <translation>改为</translation>
    </message>
    <message>
        <location filename="../../app/views/products/bulk.py" line="145"/>
        <source>1 product will change.</source>
        <translation>将修改 1 个产品。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/bulk.py" line="146"/>
        <source>%1 products will change.</source>
        <translation>将修改 %1 个产品。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/bulk.py" line="147"/>
        <source>One step: Edit → Undo puts every old value back.</source>
        <translation>一步完成：编辑 → 撤销即可全部恢复原值。</translation>
    </message>
</context>
<context>
    <name>BulkEditor</name>
    <message>
        <location filename="../../app/views/products/bulk.py" line="186"/>
        <location filename="../../app/views/products/bulk.py" line="237"/>
        <source>Uncategorised</source>
        <translation>未分类</translation>
    </message>
    <message>
        <location filename="../../app/views/products/bulk.py" line="215"/>
        <source>Changing %1 products…</source>
        <translation>正在修改 %1 个产品…</translation>
    </message>
    <message>
        <location filename="../../app/views/products/bulk.py" line="218"/>
        <source>Bulk edit failed</source>
        <translation>批量修改失败</translation>
    </message>
    <message>
        <location filename="../../app/views/products/bulk.py" line="227"/>
        <source>Edit → Undo puts the old values back.</source>
        <translation>编辑 → 撤销可恢复原值。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/bulk.py" line="230"/>
        <source>Nothing to change: the products already had that value.</source>
        <translation>无需修改：这些产品已经是该值。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/bulk.py" line="238"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
</context>
<context>
    <name>BundleActions</name>
    <message>
        <location filename="../../app/views/shell/bundle_actions.py" line="57"/>
        <source>Hand over (export bundle)</source>
        <translation>交接（导出交接包）</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/bundle_actions.py" line="58"/>
        <source>Bundles (*.zip)</source>
        <translation>交接包 (*.zip)</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/bundle_actions.py" line="67"/>
        <source>Can&apos;t export the bundle</source>
        <translation>无法导出交接包</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/bundle_actions.py" line="72"/>
        <source>Bundle saved: %1</source>
        <translation>交接包已保存：%1</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/bundle_actions.py" line="76"/>
        <location filename="../../app/views/shell/bundle_actions.py" line="90"/>
        <location filename="../../app/views/shell/bundle_actions.py" line="117"/>
        <location filename="../../app/views/shell/bundle_actions.py" line="126"/>
        <source>Import bundle</source>
        <translation>导入交接包</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/bundle_actions.py" line="77"/>
        <source>Bundles (*.zip);;All files (*)</source>
        <translation>交接包 (*.zip);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/bundle_actions.py" line="84"/>
        <location filename="../../app/views/shell/bundle_actions.py" line="114"/>
        <source>Can&apos;t import the bundle</source>
        <translation>无法导入交接包</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/bundle_actions.py" line="86"/>
        <source>Workspace: %1
App version: %2
Schema: %3
Created: %4

Import this bundle?</source>
        <translation>工作区：%1
软件版本：%2
数据结构版本：%3
创建时间：%4

要导入这个交接包吗？</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/bundle_actions.py" line="96"/>
        <source>Save the imported workspace as</source>
        <translation>将导入的工作区另存为</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/bundle_actions.py" line="98"/>
        <source>Factory Direct workspaces (*.fdw)</source>
        <translation>工厂直营工作区 (*.fdw)</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/bundle_actions.py" line="118"/>
        <source>%1 already exists. Replace the existing workspace? A backup is taken first.</source>
        <translation>%1 已存在。要替换现有的工作区吗？替换前会先做一次备份。</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/bundle_actions.py" line="127"/>
        <source>That workspace is open. Close it first, then import the bundle again.</source>
        <translation>这个工作区正在打开。请先关闭它，再重新导入交接包。</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/bundle_actions.py" line="133"/>
        <source>Bundle imported: %1</source>
        <translation>交接包已导入：%1</translation>
    </message>
</context>
<context>
    <name>CatalogueFiles</name>
    <message>
        <location filename="../../app/views/products/io.py" line="202"/>
        <source>CSV, UTF-8 (*.csv)</source>
        <translation>CSV，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="203"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="205"/>
        <source>Export the catalogue</source>
        <translation>导出产品目录</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="217"/>
        <source>Exporting the catalogue to %1…</source>
        <translation>正在导出产品目录到 %1…</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="220"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="224"/>
        <source>Exported %1 rows to %2</source>
        <translation>已导出 %1 行到 %2</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="227"/>
        <source>%1 is open in another program, so the file was saved under a new name.</source>
        <translation>%1 正被其他程序打开，文件已另存为新名称。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="230"/>
        <source>%1 cells were adjusted (control characters removed or text cut to Excel&apos;s limit).</source>
        <translation>已调整 %1 个单元格（删除了控制字符，或按 Excel 上限截断了文字）。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="238"/>
        <source>Import a catalogue file</source>
        <translation>导入产品目录文件</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="239"/>
        <source>Catalogue files (*.csv *.xlsx);;All files (*)</source>
        <translation>产品目录文件 (*.csv *.xlsx);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="254"/>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="262"/>
        <source>Can&apos;t read the file</source>
        <translation>无法读取文件</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="289"/>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="298"/>
        <source>Imported: %1 new and %2 updated products, %3 new and %4 updated SKUs.</source>
        <translation>导入完成：新增产品 %1 个、更新 %2 个，新增 SKU %3 个、更新 %4 个。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="305"/>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
</context>
<context>
    <name>CatalogueModel</name>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="58"/>
        <source>Draft</source>
        <extracomment>data(index, PRODUCT_ID_ROLE) -&gt; the product&apos;s id (int) on every column. data(index, COMPLETENESS_ROLE) -&gt; the completeness score (int 0–100, or None before it is computed).</extracomment>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="58"/>
        <source>Ready</source>
        <translation>待上架</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="59"/>
        <source>Listed</source>
        <translation>已上架</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="59"/>
        <source>Archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="103"/>
        <source>Code</source>
        <translation>货号</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="104"/>
        <source>Name (Chinese)</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="105"/>
        <source>Name (English)</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="106"/>
        <source>Category</source>
        <translation>类目</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="107"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="108"/>
        <source>SKUs</source>
        <translation>SKU 数</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="109"/>
        <source>Completeness</source>
        <translation>完整度</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="110"/>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="296"/>
        <source>How ready a product is to list: required attributes, images, Chinese and English text, GTINs, costs and weights. The product editor explains what is missing, per platform.</source>
        <extracomment>The `query_products` sort key behind each column. What a row is sorted by, per column: a row whose value is unchanged keeps its place (ties go by code).</extracomment>
        <translation>产品离上架还差多少：必填属性、图片、中英文文案、GTIN 条码、成本和重量。产品编辑器会按平台逐项说明缺少什么。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="326"/>
        <source>Not scored yet</source>
        <translation>尚未评估</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="327"/>
        <source>%1 % complete; open the product to see what is missing.</source>
        <translation>完整度 %1%；打开产品可查看缺少的内容。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="367"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="368"/>
        <source>Options</source>
        <translation>规格</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="369"/>
        <source>GTIN</source>
        <translation>条码 GTIN</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="370"/>
        <source>Weight (g)</source>
        <translation>重量（克）</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="371"/>
        <source>L × W × H (mm)</source>
        <translation>长×宽×高（mm）</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="372"/>
        <source>Cost</source>
        <translation>成本</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="418"/>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="493"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="494"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="495"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/views/products/catalogue_model.py" line="517"/>
        <source>Warning: </source>
        <translation>警告：</translation>
    </message>
</context>
<context>
    <name>CertificateDialog</name>
    <message>
        <location filename="../../app/views/factory/certificate_dialog.py" line="37"/>
        <source>Certificate or test report</source>
        <translation>证书或检测报告</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificate_dialog.py" line="41"/>
        <source>e.g. ISO 9001:2015, OEKO-TEX Standard 100, SGS report</source>
        <translation>例如 ISO 9001:2015、OEKO-TEX Standard 100、SGS 检测报告</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificate_dialog.py" line="50"/>
        <source>No file attached</source>
        <translation>未附文件</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificate_dialog.py" line="51"/>
        <source>Attach PDF or image…</source>
        <translation>附加 PDF 或图片…</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificate_dialog.py" line="73"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificate_dialog.py" line="74"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificate_dialog.py" line="75"/>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificate_dialog.py" line="76"/>
        <source>Issued by</source>
        <translation>发证机构</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificate_dialog.py" line="77"/>
        <source>Issued on</source>
        <translation>发证日期</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificate_dialog.py" line="78"/>
        <source>Expires on</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificate_dialog.py" line="79"/>
        <source>Scope</source>
        <translation>适用范围</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificate_dialog.py" line="83"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificate_dialog.py" line="111"/>
        <source>Attach a file</source>
        <translation>附加文件</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificate_dialog.py" line="112"/>
        <source>PDF or images (*.pdf *.jpg *.jpeg *.png)</source>
        <translation>PDF 或图片 (*.pdf *.jpg *.jpeg *.png)</translation>
    </message>
</context>
<context>
    <name>CertificateTableModel</name>
    <message>
        <location filename="../../app/views/factory/certificates_model.py" line="32"/>
        <source>Certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificates_model.py" line="33"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificates_model.py" line="34"/>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificates_model.py" line="35"/>
        <source>Issuer</source>
        <translation>发证机构</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificates_model.py" line="36"/>
        <source>Expires</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificates_model.py" line="37"/>
        <source>Attached file</source>
        <translation>附件</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificates_model.py" line="43"/>
        <source>Quality system</source>
        <translation>质量体系</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificates_model.py" line="44"/>
        <source>Product certificate</source>
        <translation>产品认证</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificates_model.py" line="45"/>
        <source>Test report</source>
        <translation>检测报告</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificates_model.py" line="46"/>
        <source>Brand authorisation</source>
        <translation>品牌授权</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificates_model.py" line="47"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/certificates_model.py" line="74"/>
        <source>Expired: renew it before relying on it in a listing.</source>
        <translation>已过期：请先续期，再在上架资料中引用。</translation>
    </message>
</context>
<context>
    <name>ChainChart</name>
    <message>
        <location filename="../../app/views/pricing/chain_chart.py" line="69"/>
        <source>Traditional chain vs factory direct</source>
        <translation>传统渠道与工厂直营对比</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/chain_chart.py" line="70"/>
        <source>Traditional chain (assumptions)</source>
        <translation>传统渠道（假设）</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/chain_chart.py" line="71"/>
        <source>Factory direct</source>
        <translation>工厂直营</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/chain_chart.py" line="72"/>
        <source>Ex-factory</source>
        <translation>出厂成本</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/chain_chart.py" line="73"/>
        <source>Consumer price</source>
        <translation>终端售价</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/chain_chart.py" line="74"/>
        <source>Chain markups</source>
        <translation>渠道加价</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/chain_chart.py" line="75"/>
        <source>Other costs</source>
        <translation>其他成本</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/chain_chart.py" line="76"/>
        <source>Platform fees</source>
        <translation>平台费用</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/chain_chart.py" line="77"/>
        <source>VAT</source>
        <translation>增值税</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/chain_chart.py" line="78"/>
        <source>Returns</source>
        <translation>退货损耗</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/chain_chart.py" line="79"/>
        <source>Your margin</source>
        <translation>您的利润</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/chain_chart.py" line="80"/>
        <source>Loss</source>
        <translation>亏损</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/chain_chart.py" line="81"/>
        <source>Save %1 (%2)</source>
        <translation>省 %1（%2）</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/chain_chart.py" line="82"/>
        <source>%1 %2 vs %3 through the chain</source>
        <translation>%1 售 %2，传统渠道 %3</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/chain_chart.py" line="83"/>
        <source>Direct is not cheaper</source>
        <translation>直营并不更便宜</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/chain_chart.py" line="84"/>
        <source>Reference: %1 %2</source>
        <translation>参考：%1 %2</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/chain_chart.py" line="85"/>
        <source>(off the scale)</source>
        <translation>（超出刻度）</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/chain_chart.py" line="86"/>
        <source>supply price</source>
        <translation>供货价</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/chain_chart.py" line="87"/>
        <source>assumed</source>
        <translation>假设</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/chain_chart.py" line="88"/>
        <source>Not shown (other currency or no price): %1</source>
        <translation>未显示（币种不同或无价格）：%1</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/chain_chart.py" line="89"/>
        <source>Enter an ex-factory cost and pick channels to see the picture.</source>
        <translation>输入出厂成本并选择渠道，即可查看对比图。</translation>
    </message>
</context>
<context>
    <name>ChainStep</name>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="384"/>
        <source>Save the costs first: the picture is drawn from them.</source>
        <translation>请先保存成本：这张图就是根据成本画出来的。</translation>
    </message>
</context>
<context>
    <name>ChannelTableCard</name>
    <message>
        <location filename="../../app/views/pricing/results.py" line="93"/>
        <source>Channels</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/results.py" line="102"/>
        <source>Double-click a suggested price to set your own; clear it to go back.</source>
        <translation>双击建议售价可自行定价；清空即可恢复。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/results.py" line="134"/>
        <source>Set a channel&apos;s price</source>
        <translation>设定渠道价格</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/results.py" line="135"/>
        <source>Use the suggested price</source>
        <translation>使用建议售价</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/results.py" line="148"/>
        <source>%1 channels priced in %2 ms</source>
        <translation>%1 个渠道定价用时 %2 毫秒</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/results.py" line="199"/>
        <source>… and %1 more: select a row to see its warnings.</source>
        <translation>…另有 %1 条：选中一行即可查看其提示。</translation>
    </message>
</context>
<context>
    <name>ChannelTableModel</name>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="77"/>
        <source>Channel</source>
        <extracomment>The exact value behind a cell (Decimal, int or None), for tests and callers that need more than text.</extracomment>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="78"/>
        <source>Floor price</source>
        <translation>保本底价</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="79"/>
        <source>Suggested price</source>
        <translation>建议售价</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="80"/>
        <source>Buyer pays</source>
        <translation>买家实付</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="81"/>
        <source>Margin on net</source>
        <translation>净利率</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="82"/>
        <source>Markup on cost</source>
        <translation>成本加成率</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="83"/>
        <source>Contribution</source>
        <translation>单件贡献</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="84"/>
        <source>Break-even</source>
        <translation>保本销量</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="85"/>
        <source>vs chain</source>
        <translation>对比传统渠道</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="86"/>
        <source>Warnings</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="92"/>
        <source>The lowest price that reaches your target on this channel, before any price ending.</source>
        <translation>在该渠道达到目标利润的最低价格（尚未按尾数规则取整）。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="94"/>
        <source>The floor rounded up to the channel&apos;s price ending (the list price when a discount is set). Double-click to set your own price.</source>
        <translation>保本底价按该渠道的尾数规则向上取整（设置了折扣时为标价）。双击可自行定价。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="97"/>
        <source>What the buyer pays after the discount; margin and contribution are computed on it.</source>
        <translation>买家折后实际支付的金额；利润率和单件贡献都按它计算。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="99"/>
        <source>Margin on net revenue: contribution ÷ revenue after VAT.</source>
        <translation>净利率：单件贡献 ÷ 扣除增值税后的收入。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="100"/>
        <source>Markup on cost: contribution ÷ the unit&apos;s costs.</source>
        <translation>成本加成率：单件贡献 ÷ 单件成本。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="101"/>
        <source>What each unit sold leaves after VAT, fees, costs and returns.</source>
        <translation>每卖出一件，扣除增值税、平台费用、成本和退货损耗后剩下的钱。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="103"/>
        <source>Units to sell before fixed costs (moulds, tooling, annual fees…) are earned back.</source>
        <translation>卖出多少件才能收回固定成本（模具、工装、平台年费…）。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="105"/>
        <source>The buyer&apos;s price as a share of the consumer price through the traditional chain.</source>
        <translation>买家实付价占传统渠道终端售价的比例。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="183"/>
        <source>A price must be above 0.</source>
        <extracomment>(channel id, Decimal price or None to go back to the suggested price) a message in the user&apos;s language when typed text is refused</extracomment>
        <translation>价格必须大于 0。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="248"/>
        <source>Your price for this channel, evaluated as a fixed price. Clear the cell to go back to the suggested price.</source>
        <translation>这是您为该渠道设定的价格，按固定价格核算。清空单元格即可恢复建议售价。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="252"/>
        <source>Enter fixed costs (moulds, tooling, photography…) to see the break-even volume.</source>
        <translation>填写固定成本（模具、工装、拍摄…）即可看到保本销量。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="257"/>
        <source>Supply price to the platform; it retails at about %1.</source>
        <translation>这是给平台的供货价，平台零售价约为 %1。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="260"/>
        <source>%1 of the private reference price.</source>
        <translation>为内部参考价的 %1。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="304"/>
        <source>Fee</source>
        <translation>费用项</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="305"/>
        <source>Charged on</source>
        <translation>计费基数</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="306"/>
        <source>Rate / amount</source>
        <translation>费率/金额</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="307"/>
        <source>Minimum</source>
        <translation>最低收费</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="308"/>
        <source>Refunded</source>
        <translation>退还</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="309"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="310"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="311"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="317"/>
        <source>% of the price paid</source>
        <translation>实付金额的百分比</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="318"/>
        <source>% of price + shipping</source>
        <translation>（售价 + 运费）的百分比</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="319"/>
        <source>per order</source>
        <translation>每单</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="320"/>
        <source>per unit</source>
        <translation>每件</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="321"/>
        <source>per year</source>
        <translation>每年</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="326"/>
        <source>Sourced</source>
        <translation>有依据</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="327"/>
        <source>Assumed</source>
        <translation>假设</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="328"/>
        <source>To check</source>
        <translation>待核实</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="399"/>
        <source>Refunded when an order is returned or cancelled.</source>
        <extracomment>(rule id, {&quot;rate&quot; | &quot;amount&quot; | &quot;source&quot; | &quot;status&quot;: new value})</extracomment>
        <translation>订单退货或取消时退还。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="400"/>
        <source>Kept by the platform on returns: paid on the returned units too.</source>
        <translation>退货时平台不退：退回的商品也要付这笔费用。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="419"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="420"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="448"/>
        <source>A rate must be below 100%.</source>
        <translation>费率必须低于 100%。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="486"/>
        <source>Layer</source>
        <translation>渠道层级</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="487"/>
        <source>Margin</source>
        <translation>毛利率</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="488"/>
        <source>Rebate</source>
        <translation>返点</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="489"/>
        <source>Loss</source>
        <translation>损耗</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="490"/>
        <source>Figure</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="538"/>
        <source>assumed</source>
        <translation>假设</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="539"/>
        <source>own</source>
        <translation>自有</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="512"/>
        <source>Gross margin on the layer&apos;s own selling price (扣点/点位).</source>
        <extracomment>(row, {&quot;name_zh&quot; | &quot;name_en&quot; | &quot;margin&quot; | &quot;rebate&quot; | &quot;loss&quot; | &quot;is_assumption&quot;: value})</extracomment>
        <translation>该层级按自身售价计算的毛利率（扣点/点位）。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="514"/>
        <source>Rebate points (返点) the layer also keeps.</source>
        <translation>该层级另外留存的返点。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="515"/>
        <source>Loss points (损耗): shrinkage, damage, unsold stock.</source>
        <translation>损耗点数：丢失、破损、滞销库存。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="517"/>
        <source>Ticked: a typical figure, not your chain&apos;s own.</source>
        <translation>勾选表示这是行业常见数值，并非您自己渠道的实际数据。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/channel_table.py" line="572"/>
        <source>A layer needs a name.</source>
        <translation>渠道层级需要填写名称。</translation>
    </message>
</context>
<context>
    <name>ChartCard</name>
    <message>
        <location filename="../../app/views/pricing/results.py" line="49"/>
        <source>Chain vs direct</source>
        <translation>传统渠道与直营对比</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/results.py" line="68"/>
        <source>Export chart…</source>
        <translation>导出图表…</translation>
    </message>
</context>
<context>
    <name>CompletenessPanel</name>
    <message>
        <location filename="../../app/views/products/editor/completeness_panel.py" line="24"/>
        <source>Tmall</source>
        <translation>天猫</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/completeness_panel.py" line="25"/>
        <source>Taobao</source>
        <translation>淘宝</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/completeness_panel.py" line="26"/>
        <source>JD</source>
        <translation>京东</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/completeness_panel.py" line="27"/>
        <source>Pinduoduo</source>
        <translation>拼多多</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/completeness_panel.py" line="28"/>
        <source>Douyin</source>
        <translation>抖音</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/completeness_panel.py" line="30"/>
        <source>ODM buyers</source>
        <translation>ODM 采购方</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/completeness_panel.py" line="31"/>
        <source>Amazon</source>
        <translation>亚马逊</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/completeness_panel.py" line="47"/>
        <source>Completeness</source>
        <translation>完整度</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/completeness_panel.py" line="58"/>
        <source>Ready to list when the score for your platforms reaches 100.</source>
        <translation>目标平台的得分达到 100 即可上架。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/completeness_panel.py" line="63"/>
        <source>By platform</source>
        <translation>按平台</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/completeness_panel.py" line="70"/>
        <source>Still missing</source>
        <translation>仍缺少</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/completeness_panel.py" line="83"/>
        <source>%1 / 100</source>
        <translation>%1 / 100</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/completeness_panel.py" line="106"/>
        <source>for %1</source>
        <translation>针对 %1</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/completeness_panel.py" line="110"/>
        <source>Nothing: every platform has what it needs.</source>
        <translation>无：各平台所需资料均已齐全。</translation>
    </message>
</context>
<context>
    <name>ConnectionBanner</name>
    <message>
        <location filename="../../app/views/kit/connection.py" line="138"/>
        <source>Retry now</source>
        <extracomment>Seconds between checks while the server can&apos;t be reached: quick at first, then every 30 s.</extracomment>
        <translation>立即重试</translation>
    </message>
    <message>
        <location filename="../../app/views/kit/connection.py" line="162"/>
        <source>Trying to reach it now…</source>
        <translation>正在尝试连接…</translation>
    </message>
    <message>
        <location filename="../../app/views/kit/connection.py" line="164"/>
        <source>Next try in %1 s.</source>
        <translation>%1 秒后再试。</translation>
    </message>
    <message>
        <location filename="../../app/views/kit/connection.py" line="165"/>
        <source>The team server can&apos;t be reached. Nothing you typed is lost; keep working and save again once it is back. %1</source>
        <translation>连接不上团队服务器。您输入的内容都还在；可以继续编辑，等服务器恢复后再保存。%1</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <location filename="../../app/views/export/page.py" line="159"/>
        <source>Add a shop</source>
        <translation>添加网店</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="217"/>
        <source>WordPress user (for pictures)</source>
        <translation>WordPress 用户名（上传图片用）</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="218"/>
        <source>Application password</source>
        <translation>应用密码</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="225"/>
        <source>Keys are kept only in the system keyring, never in the workspace file.</source>
        <translation>密钥只保存在系统密钥库中，不会写入工作区文件。</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="169"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="165"/>
        <source>I have an admin API access token from an app made before 2026</source>
        <translation>我有 2026 年以前创建的应用的 Admin API 访问令牌</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="170"/>
        <source>Shop address</source>
        <translation>网店地址</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="171"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="180"/>
        <source>Send the keys in the address (only if the server drops the Authorization header)</source>
        <translation>把密钥放在网址里发送（仅当服务器丢弃授权头时使用）</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="182"/>
        <source>Upload the products&apos; pictures</source>
        <translation>上传产品图片</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="212"/>
        <source>Client ID</source>
        <translation>客户端 ID</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="213"/>
        <source>Client secret</source>
        <translation>客户端密钥</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="215"/>
        <source>Consumer key</source>
        <translation>Consumer key</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="228"/>
        <source>WooCommerce → Settings → Advanced → REST API → Add key, with Read/Write permission: copy the consumer key and secret. WooCommerce accepts keys only over https://. For pictures: WordPress admin → Users → Profile → Application Passwords → add one, for a user who may upload files.</source>
        <translation>WooCommerce → 设置 → 高级 → REST API → 添加密钥，权限选“读/写”：复制消费者密钥（key）和消费者密码（secret）。WooCommerce 只在 https:// 下接受密钥。上传图片：WordPress 后台 → 用户 → 个人资料 → 应用密码 → 新建一个（该用户需要有上传文件的权限）。</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="232"/>
        <source>Keys in the address end up in the web server&apos;s access log: use this only if the push is refused otherwise.</source>
        <translation>放在网址里的密钥会写进网店服务器的访问日志：只有在不这样就被拒绝时才使用。</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="236"/>
        <source>Admin API access tokens (shpat_…) come from custom apps made in the store admin before 2026; since 1 January 2026 new apps are made in the Dev Dashboard.</source>
        <translation>Admin API 访问令牌（shpat_…）来自 2026 年以前在店铺后台创建的自定义应用；自 2026 年 1 月 1 日起，新应用要在开发者后台（Dev Dashboard）创建。</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="239"/>
        <source>Shopify Dev Dashboard (dev.shopify.com) → Apps → create an app with the write_products scope and install it on your store → Settings: copy the Client ID and the secret. The app fetches a fresh access token for every push.</source>
        <translation>Shopify 开发者后台（dev.shopify.com）→ 应用 → 创建一个带 write_products 权限的应用并安装到你的店铺 → 设置：复制客户端 ID 和密钥。每次推送时软件都会自动获取新的访问令牌。</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="214"/>
        <source>Admin API access token</source>
        <translation>Admin API 访问令牌</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="216"/>
        <source>Consumer secret</source>
        <translation>Consumer secret</translation>
    </message>
</context>
<context>
    <name>CostsStep</name>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="299"/>
        <source>Save and price</source>
        <translation>保存并定价</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="302"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="302"/>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="306"/>
        <source>Ex-factory cost per unit</source>
        <translation>单件出厂成本</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="344"/>
        <source>can&apos;t be priced</source>
        <translation>无法定价</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/views/onboarding/wizard.py" line="363"/>
        <source>This cost was also given to %n variant(s) that had none.</source>
        <translation>
            <numerusform>这个成本也已填入 %n 个还没有成本的规格（SKU）。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EvidenceTab</name>
    <message>
        <location filename="../../app/views/products/editor/evidence.py" line="27"/>
        <source>Evidence for this product&apos;s claims</source>
        <translation>本产品宣称的证明材料</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/evidence.py" line="29"/>
        <source>Claims such as food grade, a durability test or OEKO-TEX need a certificate or report behind them. Tick the ones that apply; add new ones on the Factory page.</source>
        <translation>“食品级”、耐用性测试或 OEKO-TEX 等宣称都需要证书或检测报告作支撑。请勾选适用的证明；新证书请在“工厂”页添加。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/evidence.py" line="39"/>
        <source>The factory has no certificates yet: add them on the Factory page.</source>
        <translation>工厂还没有证书：请在“工厂”页添加。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/evidence.py" line="65"/>
        <source>Expired: renew it before a listing relies on it.</source>
        <translation>已过期：请先续期，再在上架资料中引用。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/evidence.py" line="73"/>
        <source>No. %1</source>
        <translation>编号 %1</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/evidence.py" line="77"/>
        <source>expired %1</source>
        <translation>%1 已过期</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/evidence.py" line="77"/>
        <source>valid until %1</source>
        <translation>有效期至 %1</translation>
    </message>
</context>
<context>
    <name>ExchangeRateTableModel</name>
    <message>
        <location filename="../../app/views/pricing/exchange_rates_model.py" line="25"/>
        <source>From date</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/exchange_rates_model.py" line="26"/>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/exchange_rates_model.py" line="27"/>
        <source>In</source>
        <translation>折合</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/exchange_rates_model.py" line="28"/>
        <source>Rate</source>
        <translation>汇率</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/exchange_rates_model.py" line="29"/>
        <source>Means</source>
        <translation>含义</translation>
    </message>
</context>
<context>
    <name>ExchangeRatesDialog</name>
    <message>
        <location filename="../../app/views/pricing/exchange_rates_dialog.py" line="68"/>
        <source>Exchange rates</source>
        <translation>汇率</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/exchange_rates_dialog.py" line="81"/>
        <source>One table for the whole workspace: every product, listing pack, price list and shop push converts at the latest rate on or before its date. A row reads 1 unit of the currency = rate units of the other (the reverse direction is worked out). Undo (Ctrl+Z) takes a change back.</source>
        <translation>整个工作区共用一张汇率表：每个产品、上架资料包、价目表和店铺推送都按其日期当天或之前的最新汇率换算。每行表示 1 单位该币种 = 汇率 × 另一币种（反方向自动换算）。撤销（Ctrl+Z）可撤回更改。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/exchange_rates_dialog.py" line="118"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/exchange_rates_dialog.py" line="120"/>
        <source>Add the rate; one that day for the same currencies is replaced</source>
        <translation>添加汇率；同一天同一对币种已有的汇率会被替换</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/exchange_rates_dialog.py" line="122"/>
        <source>Save changes</source>
        <translation>保存修改</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/exchange_rates_dialog.py" line="124"/>
        <source>Replace the selected rate with the one in the fields</source>
        <translation>用输入框中的汇率替换所选汇率</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/exchange_rates_dialog.py" line="126"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/exchange_rates_dialog.py" line="131"/>
        <source>From date</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/exchange_rates_dialog.py" line="131"/>
        <source>1 unit of</source>
        <translation>1 单位</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/exchange_rates_dialog.py" line="132"/>
        <source>Rate</source>
        <translation>汇率</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/exchange_rates_dialog.py" line="132"/>
        <source>in</source>
        <translation>折合</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/exchange_rates_dialog.py" line="217"/>
        <source>Add exchange rate</source>
        <translation>添加汇率</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/exchange_rates_dialog.py" line="225"/>
        <location filename="../../app/views/pricing/exchange_rates_dialog.py" line="228"/>
        <source>Edit exchange rate</source>
        <translation>修改汇率</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/exchange_rates_dialog.py" line="234"/>
        <source>Delete exchange rate</source>
        <translation>删除汇率</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <location filename="../../app/views/export/page.py" line="326"/>
        <source>No shop connected yet. Click Add… to connect your Shopify or WooCommerce shop; its keys are kept in the system keyring, never in the workspace.</source>
        <translation>还没有连接网店。点击“添加…”连接您的 Shopify 或 WooCommerce 网店；密钥保存在系统钥匙串中，不会写入工作区。</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="69"/>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="70"/>
        <location filename="../../app/views/export/page.py" line="76"/>
        <source>unchanged</source>
        <translation>未变，跳过</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="71"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="72"/>
        <source>sent, unconfirmed</source>
        <translation>已发送，未确认</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="73"/>
        <source>pending</source>
        <translation>待发送</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="74"/>
        <source>create</source>
        <translation>将新建</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="75"/>
        <source>update</source>
        <translation>将更新</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="77"/>
        <source>would fail</source>
        <translation>将失败</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="78"/>
        <source>created</source>
        <translation>已新建</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="79"/>
        <source>updated</source>
        <translation>已更新</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="80"/>
        <source>adopted and updated</source>
        <translation>已接管并更新</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="81"/>
        <source>restored from the Trash (draft)</source>
        <translation>已从回收站恢复（草稿）</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="82"/>
        <source>running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="83"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="84"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="85"/>
        <source>interrupted (resumed)</source>
        <translation>被中断（已接续）</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="287"/>
        <source>Push to your own shop</source>
        <extracomment>Emitted with each finished report (push or dry run): tests and the status bar listen.</extracomment>
        <translation>推送到自己的网店</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="288"/>
        <source>Step 6: push products to Shopify or WooCommerce. Dry-run first, then push; an interrupted push resumes next time and never creates duplicates.</source>
        <translation>第 6 步：把产品推送到 Shopify 或 WooCommerce。先试运行，再推送；中断的推送下次会自动接续，不会重复创建。</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="313"/>
        <source>Shops</source>
        <translation>网店</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="316"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="317"/>
        <source>Test</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="318"/>
        <source>Forget</source>
        <translation>删除密钥</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="335"/>
        <source>Products</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="337"/>
        <source>All</source>
        <translation>全选</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="337"/>
        <source>None</source>
        <translation>全不选</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="353"/>
        <location filename="../../app/views/export/page.py" line="355"/>
        <source>Push</source>
        <translation>推送</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="354"/>
        <source>Dry run</source>
        <translation>试运行</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="357"/>
        <source>Retry failed</source>
        <translation>重试失败项</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="358"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="367"/>
        <source>Send unchanged products again</source>
        <translation>未改动的产品也重新发送</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="368"/>
        <source>Every product is sent even when neither the workspace nor the shop changed it (changes made in the shop are found and repaired anyway).</source>
        <translation>即使工作区和网店都没有改动，也发送每个产品（网店里被改动的产品无论如何都会被发现并修正）。</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="370"/>
        <source>Include pictures</source>
        <translation>包含图片</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="372"/>
        <source>Without pictures, the shop&apos;s pictures are left as they are.</source>
        <translation>不带图片推送时，网店里的图片保持不变。</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="397"/>
        <source>Past pushes</source>
        <translation>推送记录</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="414"/>
        <source>no keys</source>
        <translation>无密钥</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="465"/>
        <source>%1 confirmed, %2 unchanged, %3 failed</source>
        <translation>成功 %1，跳过 %2，失败 %3</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="473"/>
        <source>Items of push job #%1.</source>
        <translation>推送任务 #%1 的明细。</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="514"/>
        <source>Testing the connection…</source>
        <translation>正在测试连接…</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="518"/>
        <source>Connected: %1 (currency %2).</source>
        <translation>连接正常：%1（币种 %2）。</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="520"/>
        <source>Weights in %1, sizes in %2.</source>
        <translation>重量单位 %1，尺寸单位 %2。</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="523"/>
        <source>These keys can only read: pushing needs write permission.</source>
        <translation>这些密钥只能读取：推送需要写入权限。</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="530"/>
        <source>Forget keys</source>
        <translation>删除密钥</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="531"/>
        <source>Remove this shop&apos;s keys from the system keyring? The push log is kept.</source>
        <translation>从系统密钥库删除这家网店的密钥？推送记录会保留。</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="544"/>
        <source>Tick the products to push first.</source>
        <translation>请先勾选要推送的产品。</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="552"/>
        <source>Dry run…</source>
        <translation>正在试运行…</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="552"/>
        <source>Pushing…</source>
        <translation>正在推送…</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="564"/>
        <source>Cancelling: stops after the current batch; unsent products resume on the next push.</source>
        <translation>正在取消：当前这一批完成后停止，未发送的产品下次推送时继续。</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="576"/>
        <source>The push stopped: %1</source>
        <translation>推送已停止：%1</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="580"/>
        <source>Dry run: %1 to create, %2 to update, %3 unchanged, %4 would fail.</source>
        <translation>试运行：新建 %1，更新 %2，跳过 %3，失败 %4。</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="583"/>
        <source>Push finished: %1 confirmed, %2 unchanged, %3 failed.</source>
        <translation>推送完成：成功 %1，跳过 %2，失败 %3。</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="587"/>
        <source>Cancelled; the rest resume on the next push.</source>
        <translation>已取消，其余产品下次推送时继续。</translation>
    </message>
</context>
<context>
    <name>FactoryPage</name>
    <message>
        <location filename="../../app/views/factory/page.py" line="57"/>
        <source>Keep private (never printed, exported or listed)</source>
        <extracomment>The profile&apos;s fields that stay in the workspace: not shown to a login that may not read them (sales).</extracomment>
        <translation>仅内部可见（不打印、不导出、不上架）</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="61"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="91"/>
        <source>Factory profile</source>
        <translation>工厂档案</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="92"/>
        <source>Step 1 of the journey: who makes the goods, and the evidence behind the quality.</source>
        <translation>第 1 步：谁在生产这些产品，以及支撑品质的证明材料。</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="106"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="106"/>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="121"/>
        <source>Company and brand</source>
        <translation>公司与品牌</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="123"/>
        <source>Factory name</source>
        <translation>工厂名称</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="124"/>
        <source>Own brand</source>
        <translation>自有品牌</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="125"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="126"/>
        <source>Capabilities</source>
        <translation>生产能力</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="131"/>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="133"/>
        <source>Contact person</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="133"/>
        <source>e.g. Zhou Qi</source>
        <translation>例如 周琦</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="134"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="135"/>
        <source>E-mail</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="136"/>
        <source>Website</source>
        <translation>网站</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="141"/>
        <source>Production</source>
        <translation>生产</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="143"/>
        <source>Capacity per month</source>
        <translation>月产能</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="143"/>
        <location filename="../../app/views/factory/page.py" line="145"/>
        <source>units</source>
        <translation>件</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="144"/>
        <source>Capacity unit</source>
        <translation>产能单位</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="144"/>
        <source>pcs</source>
        <translation>件</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="145"/>
        <source>Minimum order quantity (MOQ)</source>
        <translation>起订量（MOQ）</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="146"/>
        <source>Lead time (days)</source>
        <translation>交期（天）</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="146"/>
        <source>days</source>
        <translation>天</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="147"/>
        <source>Materials partners</source>
        <translation>原材料合作方</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="147"/>
        <source>e.g. PC shell resin from a named supplier</source>
        <translation>例如 指定供应商的 PC 外壳树脂</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="149"/>
        <source>OEM history</source>
        <translation>代工（OEM）经历</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="171"/>
        <source>Certificates and test reports</source>
        <translation>证书与检测报告</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="172"/>
        <source>Claims such as food grade, waterproof or OEKO-TEX need evidence: keep it here.</source>
        <translation>“食品级”“防水”“OEKO-TEX”等宣称都需要证明材料，请在此保存。</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="186"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="187"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="188"/>
        <source>Open file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="189"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="268"/>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="268"/>
        <source>All changes saved</source>
        <translation>所有修改已保存</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="340"/>
        <source>Delete certificate</source>
        <translation>删除证书</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="341"/>
        <source>Delete “%1”? Products that cite it lose this evidence.</source>
        <translation>删除“%1”？引用它的产品将失去这项证明。</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="355"/>
        <source>No file</source>
        <translation>无文件</translation>
    </message>
    <message>
        <location filename="../../app/views/factory/page.py" line="355"/>
        <source>No file is attached to this certificate.</source>
        <translation>此证书没有附加文件。</translation>
    </message>
</context>
<context>
    <name>FactoryStep</name>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="136"/>
        <source>Factory name (Chinese), required</source>
        <translation>工厂名称（中文，必填）</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="137"/>
        <source>Factory name (English)</source>
        <translation>工厂名称（英文）</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="138"/>
        <source>Contact person</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="139"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="139"/>
        <source>E-mail</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="140"/>
        <source>Minimum order quantity (pieces)</source>
        <translation>起订量（件）</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="141"/>
        <source>Lead time (days)</source>
        <translation>交期（天）</translation>
    </message>
</context>
<context>
    <name>FeeProfileDialog</name>
    <message>
        <location filename="../../app/views/pricing/fee_profiles.py" line="76"/>
        <source>Channel fee profiles</source>
        <translation>渠道费率方案</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/fee_profiles.py" line="110"/>
        <source>Double-click a rate, source or status to change it. Each change is saved as a new version dated today; Undo (Ctrl+Z) takes it back.</source>
        <translation>双击费率、来源或状态即可修改。每次修改都会另存为今天日期的新版本；撤销（Ctrl+Z）可还原。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/fee_profiles.py" line="128"/>
        <source>version %1 · %2</source>
        <translation>版本 %1 · %2</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/fee_profiles.py" line="154"/>
        <source>prices include VAT</source>
        <translation>价格含增值税</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/fee_profiles.py" line="154"/>
        <source>prices exclude VAT</source>
        <translation>价格不含增值税</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/fee_profiles.py" line="155"/>
        <source>Version %1, effective %2 · %3 · VAT %4, %5 · usual ending %6</source>
        <translation>版本 %1，%2 起生效 · %3 · 增值税 %4，%5 · 常用尾数 %6</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/fee_profiles.py" line="163"/>
        <source>%1 (%2, shipped)</source>
        <translation>%1（%2，内置）</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/fee_profiles.py" line="163"/>
        <source>%1 (%2, edited)</source>
        <translation>%1（%2，已修改）</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/fee_profiles.py" line="166"/>
        <source>Versions: %1</source>
        <translation>历史版本：%1</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/fee_profiles.py" line="173"/>
        <source>none, to the cent</source>
        <translation>无，精确到分</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/fee_profiles.py" line="174"/>
        <source>, avoiding 4</source>
        <translation>，避开 4</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../app/views/products/filters.py" line="39"/>
        <source>Search codes, Chinese or English names, SKU codes and GTINs…</source>
        <translation>搜索货号、名称、SKU 或条码…</translation>
    </message>
    <message>
        <location filename="../../app/views/products/filters.py" line="41"/>
        <source>Finds any part of a code, a name in Chinese or English, a SKU code or a barcode. Separate words with spaces to find products matching all of them.</source>
        <translation>可匹配货号、中英文名称、SKU 编码或条码中的任意部分。多个关键词用空格分隔，查找同时符合所有关键词的产品。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/filters.py" line="49"/>
        <source>Show one category</source>
        <translation>只显示某个类目</translation>
    </message>
    <message>
        <location filename="../../app/views/products/filters.py" line="51"/>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../app/views/products/filters.py" line="55"/>
        <source>Show products at least this complete</source>
        <translation>只显示完整度不低于此值的产品</translation>
    </message>
    <message>
        <location filename="../../app/views/products/filters.py" line="56"/>
        <source>Any completeness</source>
        <translation>任意完整度</translation>
    </message>
    <message>
        <location filename="../../app/views/products/filters.py" line="58"/>
        <source>At least %1 %</source>
        <translation>至少 %1%</translation>
    </message>
    <message>
        <location filename="../../app/views/products/filters.py" line="60"/>
        <source>Complete (100 %)</source>
        <translation>已完整（100%）</translation>
    </message>
    <message>
        <location filename="../../app/views/products/filters.py" line="85"/>
        <source>All categories</source>
        <translation>全部类目</translation>
    </message>
    <message>
        <location filename="../../app/views/products/filters.py" line="88"/>
        <source>Uncategorised</source>
        <translation>未分类</translation>
    </message>
</context>
<context>
    <name>FindingsModel</name>
    <message>
        <location filename="../../app/views/packs/page.py" line="113"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="113"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="114"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="114"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="115"/>
        <source>Words</source>
        <translation>命中词语</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="115"/>
        <source>What to do</source>
        <translation>处理建议</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="117"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="117"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="117"/>
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="118"/>
        <source>(whole pack)</source>
        <translation>（整个上架包）</translation>
    </message>
</context>
<context>
    <name>ImageGridModel</name>
    <message>
        <location filename="../../app/views/products/editor/models.py" line="222"/>
        <source>Main image</source>
        <extracomment>(SKU id, field, the text the user entered) — valid; the editor saves it.</extracomment>
        <translation>主图</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/models.py" line="223"/>
        <source>White background</source>
        <translation>白底图</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/models.py" line="224"/>
        <source>Detail</source>
        <translation>细节图</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/models.py" line="225"/>
        <source>Variant</source>
        <translation>规格图</translation>
    </message>
</context>
<context>
    <name>ImagesTab</name>
    <message>
        <location filename="../../app/views/products/editor/images.py" line="204"/>
        <source>Product images</source>
        <translation>产品图片</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/images.py" line="207"/>
        <source>Drop JPEG, PNG or WebP files from your computer onto the grid, or use Add images…. Drag thumbnails to change their order. Each file is checked: oversized files and decompression bombs are refused, photos are turned upright, and the originals are kept.</source>
        <translation>把电脑上的 JPEG、PNG 或 WebP 文件拖到图片区，或点击“添加图片…”。拖动缩略图可调整顺序。每个文件都会经过检查：过大的文件和解压炸弹会被拒绝，照片会自动摆正，原图会保留。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/images.py" line="214"/>
        <source>No images yet. Drop picture files here.</source>
        <translation>还没有图片。请把图片文件拖到这里。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/images.py" line="227"/>
        <source>Add images…</source>
        <translation>添加图片…</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/images.py" line="231"/>
        <source>Add as:</source>
        <translation>添加为：</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/images.py" line="233"/>
        <source>Automatic (main image first, then details)</source>
        <translation>自动（先主图，后细节图）</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/images.py" line="245"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/images.py" line="264"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/images.py" line="273"/>
        <source>Selected image:</source>
        <translation>所选图片：</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/images.py" line="296"/>
        <source>— which SKU? —</source>
        <translation>— 哪个 SKU？ —</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/images.py" line="321"/>
        <source>%1 selected</source>
        <translation>已选 %1 张</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/images.py" line="322"/>
        <source>Click a thumbnail to set its role.</source>
        <translation>点击缩略图可设置其用途。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/images.py" line="329"/>
        <source>Add images</source>
        <translation>添加图片</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/images.py" line="330"/>
        <source>Images (%1)</source>
        <translation>图片 (%1)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/views/products/editor/images.py" line="353"/>
        <source>Checking %n file(s)…</source>
        <translation>
            <numerusform>正在检查 %n 个文件…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/views/products/editor/images.py" line="359"/>
        <source>%n image(s) added.</source>
        <translation>
            <numerusform>已添加 %n 张图片。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/images.py" line="363"/>
        <source>Not added:</source>
        <translation>未添加：</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <location filename="../../app/views/products/io.py" line="56"/>
        <source>Import preview — %1</source>
        <translation>导入预览 — %1</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="59"/>
        <source>Check the file before anything is written</source>
        <translation>写入前请先检查文件</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="66"/>
        <source>Detect automatically</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="67"/>
        <source>GB18030 / GBK (Chinese Excel)</source>
        <translation>GB18030 / GBK（中文版 Excel）</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="76"/>
        <location filename="../../app/views/products/io.py" line="158"/>
        <source>Rows in the file</source>
        <translation>文件中的行</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="79"/>
        <source>Commit import</source>
        <translation>确认导入</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="84"/>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="149"/>
        <source>Read as %1</source>
        <translation>按 %1 读取</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="150"/>
        <source>Excel files carry their own encoding</source>
        <translation>Excel 文件自带编码</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="154"/>
        <source>Problems (%1)</source>
        <translation>问题（%1）</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="156"/>
        <source>the first %1 are listed</source>
        <translation>列出了前 %1 处</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="159"/>
        <source>Rows in the file (the first %1 of %2)</source>
        <translation>文件中的行（共 %2 行，显示前 %1 行）</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="163"/>
        <source>%1 errors: fix them in the file and import it again. Nothing was written.</source>
        <translation>%1 处错误：请在文件中改正后重新导入。尚未写入任何数据。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="167"/>
        <source>No errors. Nothing is written until you click Commit; then every row is written in one step, or none is.</source>
        <translation>没有错误。点击“确认导入”前不会写入任何数据；确认后所有行一次性写入，要么全部成功，要么全部不写。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/io.py" line="175"/>
        <source>%1 rows · %2 products (%3 new, %4 to update) · %5 SKUs (%6 new, %7 to update)</source>
        <translation>%1 行 · %2 个产品（新增 %3，更新 %4）· %5 个 SKU（新增 %6，更新 %7）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="174"/>
        <source>Factory profile</source>
        <extracomment>The window&apos;s size on first start (cut to the screen): room for the widest page, the pricing table. Pages made of costs, margins and shop credentials: shown only to a role that may see costs (issue #15). The journey sidebar: its usual width, the most it widens to for a long name (then names elide), and what its stylesheet adds around the items (8 px padding each side, a 1 px border on the right). False for a --screenshot run: nobody answers dialogs, so none is shown (messages go to stderr).</extracomment>
        <translation>工厂档案</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="174"/>
        <source>Products</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="174"/>
        <source>Pricing</source>
        <translation>定价</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="175"/>
        <source>Listing packs</source>
        <translation>上架资料包</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="175"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="176"/>
        <source>Push to your own shop</source>
        <translation>推送到自己的网店</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="180"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="181"/>
        <source>&amp;New workspace…</source>
        <translation>新建工作区(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="183"/>
        <source>&amp;Open workspace…</source>
        <translation>打开工作区(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="185"/>
        <source>Open &amp;team workspace…</source>
        <translation>打开团队工作区(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="187"/>
        <source>Create &amp;demo workspace…</source>
        <translation>创建演示工作区(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="188"/>
        <source>Onboarding &amp;wizard…</source>
        <translation>入门向导(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="190"/>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="193"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="195"/>
        <source>&amp;Back up now</source>
        <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="197"/>
        <source>&amp;Close workspace</source>
        <translation>关闭工作区(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="200"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="201"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="202"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="205"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="209"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="215"/>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="216"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="224"/>
        <source>&amp;Exchange rates…</source>
        <translation>汇率(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="225"/>
        <source>&amp;Team…</source>
        <translation>团队(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="226"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="227"/>
        <source>Open &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="228"/>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="244"/>
        <source>Team · %1</source>
        <translation>团队 · %1</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="292"/>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="325"/>
        <source>There is no workspace at %1.

Create a new workspace there?</source>
        <translation>%1 处没有工作区。

要在那里新建一个工作区吗？</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="326"/>
        <source>Workspace not found</source>
        <translation>找不到工作区</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="355"/>
        <source>Can&apos;t open the workspace</source>
        <translation>无法打开工作区</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="312"/>
        <source>Updated the workspace to the current version; a backup was taken first: %1</source>
        <translation>工作区已升级到当前版本，升级前已备份：%1</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="371"/>
        <source>Workspace in use</source>
        <translation>工作区正被占用</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="382"/>
        <location filename="../../app/views/shell/main_window.py" line="387"/>
        <source>Damaged workspace</source>
        <translation>工作区文件已损坏</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="383"/>
        <source>No good backup was found. The file was left untouched.</source>
        <translation>没有找到可用的备份，文件保持原样未做改动。</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="385"/>
        <source>Restore the backup from %1? The damaged file is kept, renamed.</source>
        <translation>要恢复 %1 的备份吗？损坏的文件会改名保留。</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="393"/>
        <source>Can&apos;t restore the backup</source>
        <translation>无法恢复备份</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="395"/>
        <source>Restored. The damaged file was kept as %1</source>
        <translation>已恢复。损坏的文件已保留为 %1</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="467"/>
        <source>read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="507"/>
        <source>Connected to the team server again.</source>
        <translation>已重新连上团队服务器。</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="521"/>
        <source>owner</source>
        <translation>所有者</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="521"/>
        <source>editor</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="521"/>
        <source>sales</source>
        <translation>销售</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="536"/>
        <source>%1 (team)</source>
        <translation>%1（团队）</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="640"/>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="640"/>
        <source>Save the changes to the factory profile?</source>
        <translation>是否保存对工厂档案的修改？</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="671"/>
        <source>Open workspace</source>
        <translation>打开工作区</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="673"/>
        <source>Factory Direct workspaces (*.fdw);;All files (*)</source>
        <translation>工厂直营工作区 (*.fdw);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="680"/>
        <source>Factory Direct workspaces (*.fdw)</source>
        <translation>工厂直营工作区 (*.fdw)</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="688"/>
        <source>New workspace</source>
        <translation>新建工作区</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="700"/>
        <source>Create demo workspace</source>
        <translation>创建演示工作区</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="713"/>
        <source>Can&apos;t create the workspace</source>
        <translation>无法创建工作区</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="782"/>
        <source>Backup saved: %1</source>
        <translation>备份已保存：%1</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="786"/>
        <source>Hand over (export bundle)…</source>
        <translation>交接（导出交接包）…</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="788"/>
        <source>Import bundle…</source>
        <translation>导入交接包…</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="873"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/main_window.py" line="874"/>
        <source>Take your factory&apos;s own brand online.</source>
        <translation>让工厂的自有品牌走上线上。</translation>
    </message>
</context>
<context>
    <name>NewProductForm</name>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="102"/>
        <source>New product</source>
        <translation>新建产品</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="104"/>
        <source>Start with the product code, its names and its category. Everything else — texts, attributes, variants, images — comes next.</source>
        <translation>先填写货号、名称和类目。文案、属性、规格、图片等其他内容随后再补充。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="112"/>
        <source>Chinese name</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="114"/>
        <source>English name</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="116"/>
        <source>— no category —</source>
        <translation>— 未选类目 —</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="120"/>
        <source>Product code</source>
        <translation>货号</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="120"/>
        <source>Name (Chinese)</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="121"/>
        <source>Name (English)</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="121"/>
        <source>Category</source>
        <translation>类目</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="131"/>
        <source>Create product</source>
        <translation>创建产品</translation>
    </message>
</context>
<context>
    <name>NewUserDialog</name>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="242"/>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="244"/>
        <source>lower-case letters, digits, _</source>
        <translation>小写字母、数字、下划线</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="258"/>
        <source>Login name</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="259"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="260"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="261"/>
        <source>Password again</source>
        <translation>再输一次密码</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="288"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>OnboardingWizard</name>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="674"/>
        <source>Onboarding wizard</source>
        <translation>入门向导</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="704"/>
        <source>A note for this session: a decision, a next step…</source>
        <translation>本次会谈的备注：一项决定、下一步……</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="708"/>
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="710"/>
        <source>Large font (projector)</source>
        <translation>大字体（投影用）</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="712"/>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="714"/>
        <source>Skip this step</source>
        <translation>跳过这一步</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="716"/>
        <location filename="../../app/views/onboarding/wizard.py" line="831"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="720"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="744"/>
        <source>Session notes</source>
        <translation>会谈备注</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="756"/>
        <source>Factory profile</source>
        <translation>工厂资料</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="756"/>
        <source>Brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="757"/>
        <source>First product</source>
        <translation>第一个产品</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="758"/>
        <source>Costs and channels</source>
        <translation>成本与渠道</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="759"/>
        <source>Chain versus direct</source>
        <translation>传统渠道与直营对比</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="760"/>
        <source>First pack and spec sheet</source>
        <translation>第一个上架包和规格书</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="764"/>
        <source>Who makes the goods: the factory&apos;s name in Chinese is all that is required; the rest can be completed on the Factory page later.</source>
        <translation>谁在生产：只需填写工厂的中文名称，其余内容以后可在“工厂”页面补充。</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="766"/>
        <source>The factory&apos;s own brand, as buyers will see it. You can skip this and decide on a brand later.</source>
        <translation>工厂自有品牌，也就是买家看到的品牌。可以先跳过，以后再定品牌。</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="768"/>
        <source>One product to start with: its code and category template. Variants (colours, sizes) and images make the listing complete.</source>
        <translation>先从一个产品开始：填写编码并选择品类模板。款式（颜色、尺寸）和图片让商品信息更完整。</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="770"/>
        <source>What one unit costs ex factory, and the price it needs on each channel to keep the margin.</source>
        <translation>单件出厂成本是多少，以及在各渠道要卖多少钱才能保住利润。</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="772"/>
        <source>The traditional chain (agent, wholesaler, retailer) against selling direct: where the consumer&apos;s money goes.</source>
        <translation>传统渠道（代理、批发、零售）与工厂直营对比：消费者付的钱都去了哪里。</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="774"/>
        <source>The first listing packs, one for each platform you tick, and a printable spec sheet, written to a folder you choose.</source>
        <translation>为勾选的每个平台各生成第一个上架包，并生成可打印的规格书，保存到你选择的文件夹。</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="779"/>
        <source>the factory&apos;s Chinese name</source>
        <translation>工厂的中文名称</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="779"/>
        <source>a brand name</source>
        <translation>品牌名称</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="780"/>
        <source>a product</source>
        <translation>一个产品</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="780"/>
        <source>a category for it</source>
        <translation>产品的品类</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="781"/>
        <source>variants (recommended)</source>
        <translation>款式（建议）</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="781"/>
        <source>images (recommended)</source>
        <translation>图片（建议）</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="782"/>
        <source>a saved pricing plan</source>
        <translation>已保存的定价方案</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="782"/>
        <source>a look at the picture</source>
        <translation>看一看对比图</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="783"/>
        <source>the pack and spec sheet made</source>
        <translation>生成上架包和规格书</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="786"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="786"/>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="786"/>
        <source>to do</source>
        <translation>待完成</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="804"/>
        <source>%1. %2 (%3)</source>
        <translation>%1. %2（%3）</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="817"/>
        <source>Step %1 of %2: %3</source>
        <translation>第 %1 步，共 %2 步：%3</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="823"/>
        <source>This step is done.</source>
        <translation>这一步已完成。</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="825"/>
        <source>This step needs the earlier steps first.</source>
        <translation>需要先完成前面的步骤。</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="827"/>
        <source>Still needed: %1</source>
        <translation>还需要：%1</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="831"/>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="847"/>
        <source>Complete this step (or skip it) to go on.</source>
        <translation>完成这一步（或跳过）才能继续。</translation>
    </message>
</context>
<context>
    <name>PackOptionsBar</name>
    <message>
        <location filename="../../app/views/packs/options.py" line="40"/>
        <source>https://… web folder you upload the output folder to</source>
        <translation>https://…（上传输出文件夹的网址）</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/options.py" line="45"/>
        <source>Your WooCommerce shop&apos;s weight and size units (WooCommerce → Settings → Products): the pack writes weights and sizes in them</source>
        <translation>WooCommerce 网店的重量和尺寸单位（WooCommerce → 设置 → 商品）：上架包按这两个单位写入重量和尺寸</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/options.py" line="49"/>
        <source>current headers</source>
        <translation>当前表头</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/options.py" line="50"/>
        <source>legacy headers</source>
        <translation>旧版表头</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/options.py" line="51"/>
        <source>Shopify&apos;s current CSV template names (URL handle, Product image URL…), or the legacy ones (Handle, Image Src…)</source>
        <translation>Shopify 当前 CSV 模板的列名（URL handle、Product image URL…），或旧版列名（Handle、Image Src…）</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/options.py" line="55"/>
        <source>Image web folder</source>
        <translation>图片网址</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/options.py" line="57"/>
        <source>WooCommerce units</source>
        <translation>WooCommerce 单位</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/options.py" line="60"/>
        <source>Shopify CSV</source>
        <translation>Shopify CSV</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/options.py" line="64"/>
        <source>The https:// address of the web folder you upload the output folder to (keeping its folders). Shopify, WooCommerce and Amazon fetch the pictures from there; without it their picture columns are left empty.</source>
        <translation>上传输出文件夹（保留其中的文件夹）后，该网站文件夹的 https:// 地址。Shopify、WooCommerce 和亚马逊从这里抓取图片；不填写则它们的图片列留空。</translation>
    </message>
</context>
<context>
    <name>PackStep</name>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="406"/>
        <source>Choose…</source>
        <extracomment>One box per platform: the first session makes several packs (Tmall and Shopify) from one click. Asked only when a ticked platform sells in a currency the workspace has no rate for (Shopify: USD).</extracomment>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="409"/>
        <source>Only when the checks find errors: why build it anyway</source>
        <translation>仅在检查发现错误时填写：为什么仍要生成</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="410"/>
        <source>Make first pack and spec sheet</source>
        <translation>生成第一个上架包和规格书</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="413"/>
        <source>Launch readiness report…</source>
        <translation>上线准备报告…</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="424"/>
        <source>Fix it</source>
        <translation>去修改</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="436"/>
        <source>Platforms</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="438"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="439"/>
        <source>Reason to override</source>
        <translation>强制生成的理由</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="501"/>
        <source>Nothing blocks the packs any more: make them again.</source>
        <translation>已没有阻碍上架包的问题，请再生成一次。</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="524"/>
        <source>Exchange rate: 1 %1 = ? CNY</source>
        <translation>汇率：1 %1 = ? 人民币</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="534"/>
        <source>%1 prices need an exchange rate: type how many CNY one %1 is.</source>
        <translation>%1 价格需要汇率：请填写 1 %1 合多少人民币。</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="549"/>
        <source>Folder for the first pack</source>
        <translation>第一个上架包的文件夹</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="561"/>
        <source>Tick at least one platform.</source>
        <translation>请至少勾选一个平台。</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="589"/>
        <source>Replace the earlier packs?</source>
        <translation>替换之前的上架包？</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="590"/>
        <source>%1 already holds a pack for: %2. Replace it with a new one?</source>
        <translation>%1 里已经有这些平台的上架包：%2。要用新的替换吗？</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="603"/>
        <source>Save the launch readiness report</source>
        <translation>保存上线准备报告</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="604"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="627"/>
        <source>Launch readiness report: %1</source>
        <translation>上线准备报告：%1</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="643"/>
        <source>Pack: %1</source>
        <translation>上架包：%1</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="644"/>
        <source>Spec sheet: %1</source>
        <translation>规格书：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/views/onboarding/wizard.py" line="654"/>
        <source>The checks found %n error(s). Fix them in the product editor, or give a reason to build a draft anyway.</source>
        <translation>
            <numerusform>检查发现 %n 个错误。请在产品编辑器中修改，或填写理由，先生成一个草稿包。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PacksPage</name>
    <message>
        <location filename="../../app/views/packs/page.py" line="223"/>
        <source>Listing packs</source>
        <extracomment>The platform the findings in view were checked for (None: nothing checked yet).</extracomment>
        <translation>上架资料包</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="224"/>
        <source>Everything a platform needs to put your products on sale, checked against advertising law, other brands and the platform&apos;s rules.</source>
        <translation>各平台上架所需的全部资料，并按广告法、他人品牌和平台规则检查。</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="230"/>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="232"/>
        <source>Build pack…</source>
        <translation>生成上架包…</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="239"/>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="243"/>
        <source>Reason to build despite errors (recorded in the pack)</source>
        <translation>有错误仍要生成的原因（会记录在上架包中）</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="245"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="258"/>
        <source>All</source>
        <translation>全选</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="258"/>
        <source>None</source>
        <translation>全不选</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="264"/>
        <source>Products</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="272"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="273"/>
        <source>Findings</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="274"/>
        <source>Allow-list</source>
        <translation>允许列表</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="282"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="296"/>
        <source>Save the rate and try again</source>
        <translation>保存汇率并重试</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="344"/>
        <source>Allow these words…</source>
        <translation>允许这些词语…</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="347"/>
        <source>No problems found.</source>
        <translation>没有发现问题。</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="365"/>
        <location filename="../../app/views/packs/page.py" line="730"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="370"/>
        <source>Phrases allowed in this workspace&apos;s listings, with why (a registered trademark, a standard&apos;s name, a true background fact, a comparison within your own brand).</source>
        <translation>本工作区商品信息中允许使用的词语及原因（注册商标、标准名称、真实背景事实、本品牌内部比较）。</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="460"/>
        <source>No price yet</source>
        <translation>暂无价格</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="466"/>
        <source>Title length</source>
        <translation>标题长度</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="466"/>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="466"/>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="494"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="514"/>
        <source>%1 errors, %2 warnings, %3 notes.</source>
        <translation>错误 %1 个，警告 %2 个，提示 %3 个。</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="526"/>
        <source>Where should the pack go?</source>
        <translation>上架包保存到哪里？</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="536"/>
        <location filename="../../app/views/packs/page.py" line="583"/>
        <source>Choose at least one product.</source>
        <translation>请至少选择一个产品。</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="549"/>
        <source>Building the pack…</source>
        <translation>正在生成上架包…</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="572"/>
        <source>Replace the earlier packs?</source>
        <translation>替换之前的上架包？</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="573"/>
        <source>%1 already holds a pack for: %2. Replace it with a new one?</source>
        <translation>%1 里已经有这些平台的上架包：%2。要用新的替换吗？</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="620"/>
        <source>Pack written to %1: %2 files, %3 errors, %4 warnings.</source>
        <translation>上架包已保存到 %1：%2 个文件，错误 %3 个，警告 %4 个。</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="661"/>
        <source>No pack was written.</source>
        <translation>没有生成上架包。</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="676"/>
        <source>The prices need an exchange rate: 1 %1 = ? %2</source>
        <translation>定价需要汇率：1 %1 = ? %2</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="709"/>
        <location filename="../../app/views/packs/page.py" line="713"/>
        <source>Allow words</source>
        <translation>允许词语</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="709"/>
        <source>Phrase to allow:</source>
        <translation>要允许的词语：</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="714"/>
        <source>Why is it allowed? (trademark, standard name, true fact…)</source>
        <translation>为什么允许？（注册商标、标准名称、真实事实…）</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="730"/>
        <source>Stop allowing “%1”?</source>
        <translation>不再允许“%1”？</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="235"/>
        <source>Build for all platforms…</source>
        <translation>为全部平台生成…</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="236"/>
        <source>One pack per platform, each in its own folder, from one pass over the products (faster than one platform at a time)</source>
        <translation>每个平台一个上架包，各放一个文件夹；产品只处理一遍（比逐个平台生成更快）</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="556"/>
        <source>Where should the packs go? (one folder per platform is made in it)</source>
        <translation>上架包保存到哪里？（会在其中为每个平台建一个文件夹）</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="596"/>
        <source>Building the packs for all %1 platforms…</source>
        <translation>正在为全部 %1 个平台生成上架包…</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="634"/>
        <source>Packs for %1 platforms written to %2 (one folder each): %3 files, %4 warnings.</source>
        <translation>已为 %1 个平台生成上架包，保存在 %2（每个平台一个文件夹）：共 %3 个文件，%4 个警告。</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="638"/>
        <source>Built despite errors on: %1.</source>
        <translation>以下平台有错误但已强制生成：%1。</translation>
    </message>
    <message>
        <location filename="../../app/views/packs/page.py" line="652"/>
        <source>The compliance lint found %1 errors; no pack was written for any platform. Fix them, or give a reason to build despite them.</source>
        <translation>合规检查发现 %1 个错误，所有平台都没有生成上架包。请修改，或写明原因后强制生成。</translation>
    </message>
</context>
<context>
    <name>PricingInputs</name>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="81"/>
        <source>Costs</source>
        <translation>成本</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="82"/>
        <location filename="../../app/views/pricing/inputs.py" line="184"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="83"/>
        <source>Channels</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="84"/>
        <source>Chain</source>
        <translation>传统渠道</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="85"/>
        <source>Fixed costs</source>
        <translation>固定成本</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="140"/>
        <source>Costs to earn back once (and yearly fees): they set the break-even volume. Refundable deposits are cash you need up front, not costs.</source>
        <translation>需要一次性收回的成本（以及年费），决定保本销量。可退的保证金属于前期垫付资金，不算成本。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="157"/>
        <source>Margin on net revenue</source>
        <translation>净利率</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="158"/>
        <source>Markup on cost</source>
        <translation>成本加成率</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="159"/>
        <source>Fixed price (evaluate)</source>
        <translation>固定价格（核算）</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="168"/>
        <source>Each channel&apos;s usual ending</source>
        <translation>各渠道常用尾数</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="169"/>
        <source>To the cent</source>
        <translation>精确到分</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="170"/>
        <source>Ends in 9 (209)</source>
        <translation>尾数 9（209）</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="171"/>
        <source>Ends in 8 (208)</source>
        <translation>尾数 8（208）</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="172"/>
        <source>Ends in 99 (299)</source>
        <translation>尾数 99（299）</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="173"/>
        <source>.99 (67.99)</source>
        <translation>.99（67.99）</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="174"/>
        <source>9.90 (159.90)</source>
        <translation>9.90（159.90）</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="177"/>
        <source>Avoid the digit 4</source>
        <translation>避开数字 4</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="188"/>
        <source>Discount %</source>
        <translation>折扣 %</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="189"/>
        <source>Return rate %</source>
        <translation>退货率 %</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="190"/>
        <source>Loss per return</source>
        <translation>每次退货损失</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="193"/>
        <source>rate</source>
        <translation>汇率</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="194"/>
        <source>The workspace&apos;s exchange rate for channels selling in %1, used for every product; a change is dated today. All rates: Settings → Exchange rates…</source>
        <translation>以 %1 销售的渠道所用汇率，全工作区统一、所有产品通用；修改按当天计日期。全部汇率：设置 → 汇率…</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="198"/>
        <source>1 %1 in CNY</source>
        <translation>1 %1 折合人民币</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="205"/>
        <source>Price ending</source>
        <translation>价格尾数</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="208"/>
        <source>Exchange rates…</source>
        <translation>汇率…</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="210"/>
        <source>Every dated rate of the workspace, for all products</source>
        <translation>工作区的全部带日期汇率，所有产品通用</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="216"/>
        <source>Typical online return rates: apparel 30–40%, electronics 8–15%, home goods 5–10%.</source>
        <translation>常见线上退货率：服装 30–40%，电子产品 8–15%，家居用品 5–10%。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="226"/>
        <source>Channels to compare. Their fees, VAT and usual price endings come from the fee profiles, each figure dated and marked sourced, assumed or to check.</source>
        <translation>选择要对比的渠道。其费用、增值税和常用价格尾数来自费率方案，每项数据都注明日期，并标注为有依据、假设或待核实。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="239"/>
        <source>Review fee profiles…</source>
        <translation>查看费率方案…</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="251"/>
        <source>Each layer sells at a margin on its own price (扣点). The defaults are assumptions from trade practice: edit them to your own chain.</source>
        <translation>每一层级按自身售价加取毛利（扣点）。默认值是行业惯例的假设，请按您自己的渠道修改。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="267"/>
        <source>Add layer</source>
        <translation>添加层级</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="269"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="271"/>
        <source>Defaults</source>
        <translation>恢复默认</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="272"/>
        <source>Reset the chain</source>
        <translation>重置传统渠道</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="298"/>
        <source>A price to evaluate on every channel, in each channel&apos;s currency. The table shows the margin and markup it gives.</source>
        <translation>在每个渠道按该渠道币种核算的价格。表格会显示对应的净利率和成本加成率。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="303"/>
        <source>Margin on net revenue (after VAT), in %. The table also shows the markup on cost it gives.</source>
        <translation>净利率（扣除增值税后），单位 %。表格同时显示对应的成本加成率。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="307"/>
        <source>Markup on cost, in %. The table also shows the margin on net revenue it gives.</source>
        <translation>成本加成率，单位 %。表格同时显示对应的净利率。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="347"/>
        <source>Per unit, before VAT, in %1. The ex-factory cost starts as the SKU&apos;s cost; add what it takes to reach the buyer.</source>
        <translation>按单件计，不含增值税，单位 %1。出厂成本默认取 SKU 成本；再加上送到买家手中所需的各项费用。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="350"/>
        <source>(SKU cost %1)</source>
        <translation>（SKU 成本 %1）</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="352"/>
        <source>Ex-factory cost (materials + labour + overhead): %1</source>
        <translation>出厂成本（材料 + 人工 + 制造费用）：%1</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="354"/>
        <source>All unit costs: %1</source>
        <translation>单件总成本：%1</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="356"/>
        <source>To earn back: %1 · cash needed up front (with deposits): %2</source>
        <translation>需收回：%1 · 前期需垫付资金（含保证金）：%2</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="370"/>
        <source>version %1 from %2; %3 of %4 fee figures assumed or to check.</source>
        <translation>版本 %1（%2 起）；%4 项费用数据中有 %3 项为假设或待核实。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="378"/>
        <location filename="../../app/views/pricing/inputs.py" line="383"/>
        <source>Change %1</source>
        <translation>修改%1</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="392"/>
        <location filename="../../app/views/pricing/inputs.py" line="408"/>
        <source>Change target</source>
        <translation>修改目标</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="411"/>
        <source>Change discount</source>
        <translation>修改折扣</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="417"/>
        <source>Change price ending</source>
        <translation>修改价格尾数</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="420"/>
        <source>Change the return rate</source>
        <translation>修改退货率</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="424"/>
        <source>Change the loss per return</source>
        <translation>修改每次退货损失</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="433"/>
        <source>Compare channel</source>
        <translation>加入对比渠道</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="433"/>
        <source>Leave out channel</source>
        <translation>移出对比渠道</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="437"/>
        <source>Change chain layer</source>
        <translation>修改渠道层级</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="440"/>
        <source>New layer</source>
        <translation>新层级</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="442"/>
        <source>Add chain layer</source>
        <translation>添加渠道层级</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="451"/>
        <source>Remove chain layer</source>
        <translation>删除渠道层级</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="461"/>
        <source>Enter an ex-factory cost and at least one layer to see the chain.</source>
        <translation>输入出厂成本并至少添加一个层级，即可查看传统渠道。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="464"/>
        <source>Consumer price through the chain: %1 — %2× the ex-factory cost.</source>
        <translation>经传统渠道的终端售价：%1，为出厂成本的 %2 倍。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/inputs.py" line="472"/>
        <source>Private reference, never used in listings: %1 at %2.</source>
        <translation>内部参考，不会用于上架：%1 售价 %2。</translation>
    </message>
</context>
<context>
    <name>PricingPage</name>
    <message>
        <location filename="../../app/views/pricing/page.py" line="170"/>
        <source>Pricing</source>
        <extracomment>Page width from which the inputs sit beside the picture (below it when narrower).</extracomment>
        <translation>定价</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/page.py" line="171"/>
        <source>What the consumer pays through the old chain, what each channel needs, and the gap.</source>
        <translation>消费者经传统渠道要付多少、各渠道需要卖多少，以及两者的差距。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/page.py" line="177"/>
        <source>Fee profiles…</source>
        <translation>费率方案…</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/page.py" line="179"/>
        <source>Load scenario…</source>
        <translation>载入方案…</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/page.py" line="181"/>
        <source>Export scenario file…</source>
        <translation>导出方案文件…</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/page.py" line="182"/>
        <source>Save the selected channel&apos;s figures as a scenario file, the same JSON the `price` command reads.</source>
        <translation>将所选渠道的数据保存为方案文件（与 `price` 命令读取的 JSON 格式相同）。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/page.py" line="188"/>
        <source>Approve prices…</source>
        <translation>批准价格…</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/page.py" line="190"/>
        <source>Approve the selected channel&apos;s prices as the dated price list sales staff print and pack from.</source>
        <translation>把所选渠道的价格批准为带日期的价目，销售人员据此打印价目表、生成上架资料包。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/page.py" line="212"/>
        <source>Search by code or name</source>
        <translation>按货号或名称搜索</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/page.py" line="229"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/page.py" line="229"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/page.py" line="306"/>
        <source>no cost</source>
        <translation>无成本</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/page.py" line="313"/>
        <source>Choose SKU</source>
        <translation>选择 SKU</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/page.py" line="319"/>
        <source>No products yet: add products in step 2 (Products), or open the demo workspace from the File menu, then come back to price them.</source>
        <translation>还没有产品：请在第 2 步（产品）中添加产品，或从“文件”菜单打开演示工作区，然后再回来定价。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/page.py" line="364"/>
        <source>Change fee %1</source>
        <translation>修改费用 %1</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/approval.py" line="56"/>
        <source>Re-approve now</source>
        <translation>立即重新批准</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/approval.py" line="58"/>
        <source>Approve today&apos;s prices of this channel as a new version, in one step.</source>
        <translation>一步把该渠道今天的价格批准为新版本。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/approval.py" line="111"/>
        <source>%1: no approved prices yet. Sales staff print price lists and build packs only from approved prices.</source>
        <translation>%1：还没有已批准的价格。销售人员只能按已批准的价格打印价目表、生成上架资料包。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/approval.py" line="115"/>
        <source>The approved prices are older than the current plan and need approving again (%1, version %2, approved on %3).</source>
        <translation>已批准价格早于当前方案，需要重新批准（%1，第 %2 版，批准于 %3）。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/approval.py" line="118"/>
        <source>%1: approved prices version %2, approved on %3 by %4; sales staff print from them.</source>
        <translation>%1：已批准价格第 %2 版，%3 由 %4 批准；销售人员按此打印。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/approval.py" line="131"/>
        <source>Approve prices</source>
        <translation>批准价格</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/approval.py" line="132"/>
        <source>Approve today&apos;s prices of %1 as the price list sales staff print from? A new version is added; earlier versions are kept.</source>
        <translation>把 %1 今天的价格批准为销售人员打印所用的价目吗？将新增一个版本，以前的版本都会保留。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/approval.py" line="151"/>
        <source>Approving prices…</source>
        <translation>正在批准价格…</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/approval.py" line="165"/>
        <source>Approved the prices of %1 as version %2: %3 of %4 SKUs priced.</source>
        <translation>已批准 %1 的价格（第 %2 版）：%4 个 SKU 中 %3 个有价格。</translation>
    </message>
</context>
<context>
    <name>PricingState</name>
    <message>
        <location filename="../../app/views/pricing/state.py" line="114"/>
        <source>Remove exchange rate</source>
        <translation>删除汇率</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/state.py" line="117"/>
        <source>Change exchange rate</source>
        <translation>修改汇率</translation>
    </message>
</context>
<context>
    <name>PrintPage</name>
    <message>
        <location filename="../../app/views/print/page.py" line="200"/>
        <location filename="../../app/views/print/page.py" line="669"/>
        <source>Print</source>
        <extracomment>What to write (the page&apos;s choice is the documents service&apos;s request).</extracomment>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="201"/>
        <source>Spec sheets, price lists and catalogues to hand to buyers, in Chinese, English or both. Costs, margins and other private fields are never printed.</source>
        <translation>交给采购商的规格书、价格表和产品目录，可用中文、英文或中英对照。成本、毛利等私密信息绝不会印出。</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="213"/>
        <source>Save all sheets to folder…</source>
        <translation>全部规格书保存到文件夹…</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="215"/>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="217"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="235"/>
        <source>Spec sheet</source>
        <translation>规格书</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="236"/>
        <source>Price list</source>
        <translation>价格表</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="237"/>
        <source>Catalogue</source>
        <translation>产品目录</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="239"/>
        <source>Chinese and English</source>
        <translation>中英对照</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="244"/>
        <source>Letter</source>
        <translation>Letter（美国信纸）</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="246"/>
        <source>No QR code when empty</source>
        <translation>留空则不印二维码</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="247"/>
        <source>The web address the QR code opens: your shop page or the factory website.</source>
        <translation>扫描二维码打开的网址：店铺页面或工厂官网。</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="249"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="250"/>
        <source>Smooth out quantity cliffs</source>
        <translation>消除阶梯价倒挂</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="252"/>
        <source>Tier prices apply to the whole quantity, so a cheaper upper tier makes some smaller orders cost more in total than a bigger one. Ticked: each upper tier&apos;s price is raised just enough to remove that, which leaves almost no tier discount. Not ticked: each tier keeps its margin and every cliff is listed under the preview.</source>
        <translation>阶梯价按整单数量计算，高阶梯单价较低时，某些较小订单的总价反而高于较大的订单（倒挂）。勾选：把每个高阶梯的单价调高到刚好消除倒挂，阶梯折扣因此几乎消失。不勾选：各阶梯保持自己的利润率，每处倒挂都列在预览下方。</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="261"/>
        <location filename="../../app/views/print/page.py" line="265"/>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="266"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="267"/>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="268"/>
        <source>QR code URL</source>
        <translation>二维码网址</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="273"/>
        <source>Products</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="280"/>
        <source>Select all</source>
        <translation>全选</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="280"/>
        <source>None</source>
        <translation>全不选</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="301"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="308"/>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="310"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="315"/>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="333"/>
        <source>Notes from the last document</source>
        <translation>上一份文档的提示</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="424"/>
        <source>The preview shows the highlighted product; “Save all sheets to folder…” writes one PDF per ticked product.</source>
        <translation>预览显示当前选中的产品；“全部规格书保存到文件夹…”会为每个勾选的产品各生成一份 PDF。</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="427"/>
        <source>%1 of %2 products ticked.</source>
        <translation>已勾选 %1 / %2 个产品。</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="452"/>
        <location filename="../../app/views/print/page.py" line="562"/>
        <location filename="../../app/views/print/page.py" line="592"/>
        <location filename="../../app/views/print/page.py" line="659"/>
        <source>Tick at least one product.</source>
        <translation>请至少勾选一个产品。</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="469"/>
        <source>Preparing the preview…</source>
        <translation>正在生成预览…</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="492"/>
        <source>Can&apos;t prepare the preview</source>
        <translation>无法生成预览</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="517"/>
        <source>First %1 of %2 pages</source>
        <translation>前 %1 页（共 %2 页）</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="520"/>
        <source>Pages: %1</source>
        <translation>共 %1 页</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="565"/>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="567"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="580"/>
        <source>Writing the PDF…</source>
        <translation>正在写入 PDF…</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="587"/>
        <source>Saved %1 (%2 pages).</source>
        <translation>已保存 %1（%2 页）。</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="595"/>
        <source>Where should the spec sheets go?</source>
        <translation>规格书保存到哪里？</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="613"/>
        <source>Writing the spec sheets…</source>
        <translation>正在写入规格书…</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="619"/>
        <source>Saved %1 spec sheets to %2.</source>
        <translation>已将 %1 份规格书保存到 %2。</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="644"/>
        <source>Cancelled. Files already finished were kept.</source>
        <translation>已取消。已完成的文件已保留。</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="646"/>
        <source>Nothing was written.</source>
        <translation>未写入任何文件。</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="699"/>
        <source>Preparing the pages for the printer…</source>
        <translation>正在为打印机准备页面…</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="711"/>
        <source>The printer could not be started.</source>
        <translation>无法启动打印机。</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="721"/>
        <source>Sent %1 pages to the printer.</source>
        <translation>已将 %1 页发送到打印机。</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="713"/>
        <source>Printing cancelled; the print job was withdrawn from the printer.</source>
        <translation>已取消打印；打印任务已从打印机撤回。</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="715"/>
        <source>Printing cancelled after %1 of %2 pages; those pages had already gone to the printer.</source>
        <translation>已在第 %1 页（共 %2 页）后取消打印；这些页面已发送到打印机。</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="717"/>
        <source>Printing cancelled; nothing was sent to the printer.</source>
        <translation>已取消打印；没有向打印机发送任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/views/print/page.py" line="719"/>
        <source>The printer stopped after %1 of %2 pages.</source>
        <translation>打印机在第 %1 页（共 %2 页）后停止。</translation>
    </message>
</context>
<context>
    <name>ProductEditor</name>
    <message>
        <location filename="../../app/views/products/editor/commands.py" line="239"/>
        <source>Change image role</source>
        <extracomment>Edits of one field closer together than this merge into one undo step. QUndoCommand ids (commands with the same id are offered to `mergeWith`).</extracomment>
        <translation>修改图片用途</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/commands.py" line="256"/>
        <source>Reorder images</source>
        <translation>调整图片顺序</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/commands.py" line="273"/>
        <source>Link certificate</source>
        <translation>关联证书</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/commands.py" line="274"/>
        <source>Unlink certificate</source>
        <translation>取消关联证书</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/state.py" line="289"/>
        <source>Your change was discarded; showing the saved version.</source>
        <extracomment>&quot;Add as&quot; choice for dropped images: the first accepted file becomes the main image when there is none. After every save, reload or failed save: the tabs refresh from `detail` (under signal blockers). (&quot;saved&quot; | &quot;error&quot; | &quot;discarded&quot;, text in the UI language) for the dialog&apos;s status line. The product id, after any successful write (for the catalogue page to refresh its row). Results of an image drop or pick: (added count, [(file name, reason text)]). Asked when a save meets a newer version; the dialog installs one that asks the user. Told about failures that aren&apos;t validation problems (those go to `status`).</extracomment>
        <translation>您的修改已放弃，现显示已保存的版本。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/state.py" line="301"/>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/state.py" line="317"/>
        <source>Not saved: something unexpected went wrong (details in the log).</source>
        <translation>未保存：出现了意外错误（详情见日志）。</translation>
    </message>
</context>
<context>
    <name>ProductEditorDialog</name>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="79"/>
        <source>Changed elsewhere</source>
        <translation>已在别处修改</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="81"/>
        <source>Reload shows the saved version and drops your change. Overwrite saves your change on top of it.</source>
        <translation>“重新载入”会显示已保存的版本并放弃您的修改；“覆盖”会用您的修改覆盖它。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="85"/>
        <source>Reload</source>
        <translation>重新载入</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="86"/>
        <source>Overwrite</source>
        <translation>覆盖</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="167"/>
        <source>New product</source>
        <extracomment>A product was created by the &quot;new product&quot; flow (its id). The product was saved (after any edit, undo or redo made here).</extracomment>
        <translation>新建产品</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="192"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="195"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="216"/>
        <source>Basics</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="217"/>
        <source>Attributes</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="218"/>
        <source>Variants &amp;&amp; SKUs</source>
        <translation>规格与 SKU</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="219"/>
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="220"/>
        <source>Evidence</source>
        <translation>证明材料</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="226"/>
        <source>Changes are saved as you go. Undo with Ctrl+Z.</source>
        <translation>修改会随时自动保存。按 Ctrl+Z 撤销。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="227"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="257"/>
        <source>Reload from the workspace</source>
        <translation>从工作区重新载入</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="296"/>
        <source>All changes saved</source>
        <translation>所有修改已保存</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="355"/>
        <source>(no name yet)</source>
        <translation>（尚未命名）</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="357"/>
        <source>Product %1 · version %2</source>
        <translation>产品 %1 · 版本 %2</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/dialog.py" line="359"/>
        <source>%1 — product editor</source>
        <translation>%1 — 产品编辑器</translation>
    </message>
</context>
<context>
    <name>ProductStep</name>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="155"/>
        <source>e.g. XZ-01</source>
        <translation>例如 XZ-01</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="159"/>
        <source>One sentence a buyer reads first</source>
        <translation>买家最先读到的一句话</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="161"/>
        <source>Choose the main image…</source>
        <translation>选择主图…</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="163"/>
        <source>or drop a picture onto this step</source>
        <translation>或把图片拖到这一步</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="167"/>
        <source>Create product</source>
        <translation>创建产品</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="169"/>
        <location filename="../../app/views/onboarding/wizard.py" line="208"/>
        <source>Open in the product editor…</source>
        <translation>在产品编辑器中打开…</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="174"/>
        <source>Product code</source>
        <translation>产品编码</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="175"/>
        <source>Product name (Chinese)</source>
        <translation>产品名称（中文）</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="176"/>
        <source>Product name (English)</source>
        <translation>产品名称（英文）</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="177"/>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="181"/>
        <location filename="../../app/views/onboarding/wizard.py" line="232"/>
        <source>Main image</source>
        <translation>主图</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="182"/>
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="207"/>
        <source>Add variants and images in the product editor…</source>
        <translation>在产品编辑器中添加款式和图片…</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="210"/>
        <source>First product: %1</source>
        <translation>第一个产品：%1</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="212"/>
        <source>Give the product a code and a category; variants and images can follow in the product editor.</source>
        <translation>给产品填写编码并选择品类；款式和图片可以随后在产品编辑器中添加。</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="218"/>
        <source>Enter a product code first.</source>
        <translation>请先输入产品编码。</translation>
    </message>
    <message>
        <location filename="../../app/views/onboarding/wizard.py" line="233"/>
        <source>Images (*.jpg *.jpeg *.png *.webp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.webp)</translation>
    </message>
</context>
<context>
    <name>ProductsPage</name>
    <message>
        <location filename="../../app/views/products/page.py" line="118"/>
        <source>Products</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../app/views/products/page.py" line="119"/>
        <source>Step 2 of the journey: what you sell — products, their SKUs, barcodes and how complete each one is.</source>
        <translation>第 2 步：您要卖什么——产品及其 SKU、条码，以及每个产品的资料完整度。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/page.py" line="123"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../app/views/products/page.py" line="125"/>
        <source>Add or update products from a CSV or Excel file (a preview comes first)</source>
        <translation>从 CSV 或 Excel 文件新增或更新产品（先预览再导入）</translation>
    </message>
    <message>
        <location filename="../../app/views/products/page.py" line="126"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../app/views/products/page.py" line="127"/>
        <source>Save the whole catalogue as CSV (opens in Chinese Excel) or Excel</source>
        <translation>将整个产品目录保存为 CSV（中文版 Excel 可直接打开）或 Excel 文件</translation>
    </message>
    <message>
        <location filename="../../app/views/products/page.py" line="128"/>
        <location filename="../../app/views/products/page.py" line="213"/>
        <source>New product…</source>
        <translation>新建产品…</translation>
    </message>
    <message>
        <location filename="../../app/views/products/page.py" line="164"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../app/views/products/page.py" line="165"/>
        <source>Open the selected product in the editor (or double-click it)</source>
        <translation>在编辑器中打开所选产品（或双击产品）</translation>
    </message>
    <message>
        <location filename="../../app/views/products/page.py" line="166"/>
        <source>Bulk edit…</source>
        <translation>批量修改…</translation>
    </message>
    <message>
        <location filename="../../app/views/products/page.py" line="167"/>
        <source>Set the status, category or a field on every selected product at once</source>
        <translation>一次性修改所有选中产品的状态、类目或某个字段</translation>
    </message>
    <message>
        <location filename="../../app/views/products/page.py" line="206"/>
        <source>No products yet</source>
        <translation>还没有产品</translation>
    </message>
    <message>
        <location filename="../../app/views/products/page.py" line="208"/>
        <source>Add your first product with its variants, barcodes and images — or import a catalogue file (CSV or Excel), for example one exported from another workspace or from your ERP.</source>
        <translation>添加第一个产品及其规格、条码和图片——或导入产品目录文件（CSV 或 Excel），例如从其他工作区或 ERP 导出的文件。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/page.py" line="215"/>
        <source>Import a file…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <location filename="../../app/views/products/page.py" line="345"/>
        <source>1 product</source>
        <translation>1 个产品</translation>
    </message>
    <message>
        <location filename="../../app/views/products/page.py" line="345"/>
        <source>%1 products</source>
        <translation>%1 个产品</translation>
    </message>
    <message>
        <location filename="../../app/views/products/page.py" line="348"/>
        <source>%1+</source>
        <translation>%1+</translation>
    </message>
    <message>
        <location filename="../../app/views/products/page.py" line="351"/>
        <source>No product matches; clear the search or the filters</source>
        <translation>没有匹配的产品，请清除搜索或筛选条件</translation>
    </message>
    <message>
        <location filename="../../app/views/products/page.py" line="349"/>
        <location filename="../../app/views/products/page.py" line="352"/>
        <source>%1 of %2 products</source>
        <translation>%1 / %2 个产品</translation>
    </message>
    <message>
        <location filename="../../app/views/products/page.py" line="336"/>
        <source>%1 selected</source>
        <translation>已选 %1 个</translation>
    </message>
</context>
<context>
    <name>PushItemsModel</name>
    <message>
        <location filename="../../app/views/export/page.py" line="110"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="110"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="111"/>
        <source>Shop SKU / handle</source>
        <translation>网店 SKU / 网址别名</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="111"/>
        <source>Shop id</source>
        <translation>网店编号</translation>
    </message>
    <message>
        <location filename="../../app/views/export/page.py" line="112"/>
        <source>Details</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>ScenarioFiles</name>
    <message>
        <location filename="../../app/views/pricing/files.py" line="42"/>
        <source>Pick at least one channel first.</source>
        <translation>请先至少选择一个渠道。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/files.py" line="46"/>
        <source>Export scenario file</source>
        <translation>导出方案文件</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/files.py" line="47"/>
        <source>Scenario files (*.json)</source>
        <translation>方案文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/files.py" line="58"/>
        <source>Can&apos;t save the scenario</source>
        <translation>无法保存方案</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/files.py" line="61"/>
        <source>Saved the scenario to %1.</source>
        <translation>方案已保存到 %1。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/files.py" line="67"/>
        <location filename="../../app/views/pricing/files.py" line="86"/>
        <source>Load scenario</source>
        <translation>载入方案</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/files.py" line="68"/>
        <source>Scenario files (*.json);;All files (*)</source>
        <translation>方案文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/files.py" line="82"/>
        <source>Can&apos;t load the scenario</source>
        <translation>无法载入方案</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/files.py" line="88"/>
        <source>Loaded %1.</source>
        <translation>已载入 %1。</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/files.py" line="93"/>
        <source>PDF (vector) (*.pdf)</source>
        <translation>PDF 矢量图 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/files.py" line="94"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/files.py" line="96"/>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/files.py" line="106"/>
        <source>Can&apos;t export the picture</source>
        <translation>无法导出图片</translation>
    </message>
    <message>
        <location filename="../../app/views/pricing/files.py" line="108"/>
        <source>Saved the picture to %1.</source>
        <translation>图片已保存到 %1。</translation>
    </message>
</context>
<context>
    <name>SkuPanel</name>
    <message>
        <location filename="../../app/views/products/table.py" line="249"/>
        <source>SKUs: select a product</source>
        <translation>SKU：请选择一个产品</translation>
    </message>
    <message>
        <location filename="../../app/views/products/table.py" line="254"/>
        <source>SKUs of %1 · %2 (%3)</source>
        <translation>%1 · %2 的 SKU（%3 个）</translation>
    </message>
</context>
<context>
    <name>SkuTableModel</name>
    <message>
        <location filename="../../app/views/products/editor/models.py" line="67"/>
        <source>SKU code</source>
        <extracomment>The SKU field behind each editable column.</extracomment>
        <translation>SKU 编码</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/models.py" line="68"/>
        <source>Options</source>
        <translation>规格</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/models.py" line="69"/>
        <source>GTIN / barcode</source>
        <translation>条码 GTIN</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/models.py" line="70"/>
        <source>Weight (g)</source>
        <translation>重量（克）</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/models.py" line="71"/>
        <source>L (mm)</source>
        <translation>长（毫米）</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/models.py" line="72"/>
        <source>W (mm)</source>
        <translation>宽（毫米）</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/models.py" line="73"/>
        <source>H (mm)</source>
        <translation>高（毫米）</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/models.py" line="74"/>
        <source>Cost</source>
        <translation>成本</translation>
    </message>
</context>
<context>
    <name>TeamDialog</name>
    <message>
        <location filename="../../app/views/shell/team_dialog.py" line="59"/>
        <source>Open team workspace</source>
        <translation>打开团队工作区</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_dialog.py" line="73"/>
        <source>A team workspace lives in a PostgreSQL database on the office server or in the cloud, so several people work on one catalogue at once.</source>
        <translation>团队工作区保存在办公室服务器或云上的 PostgreSQL 数据库里，几个人可以同时编辑同一份产品目录。</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_dialog.py" line="78"/>
        <source>e.g. office-pc or 192.168.1.10</source>
        <translation>例如 office-pc 或 192.168.1.10</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_dialog.py" line="86"/>
        <source>Prefer: encrypted when the server offers it (default)</source>
        <translation>优先：服务器支持时加密（默认）</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_dialog.py" line="87"/>
        <source>Disable: no encryption (office network only)</source>
        <translation>关闭：不加密（仅限办公室内网）</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_dialog.py" line="88"/>
        <source>Require: always encrypted (cloud databases)</source>
        <translation>必须：始终加密（云数据库）</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_dialog.py" line="89"/>
        <source>Verify full: encrypted, the server&apos;s certificate checked</source>
        <translation>完全验证：加密并核对服务器证书</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_dialog.py" line="94"/>
        <source>Remember the password in the system keyring</source>
        <translation>在系统密钥库中记住密码</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_dialog.py" line="97"/>
        <source>This computer has no system keyring: the password can&apos;t be remembered (PGPASSWORD or .pgpass still work).</source>
        <translation>这台电脑没有系统密钥库，无法记住密码（PGPASSWORD 或 .pgpass 仍然可用）。</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_dialog.py" line="100"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_dialog.py" line="101"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_dialog.py" line="102"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_dialog.py" line="103"/>
        <source>User</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_dialog.py" line="104"/>
        <source>SSL mode</source>
        <translation>SSL 模式</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_dialog.py" line="105"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_dialog.py" line="107"/>
        <source>Leave the password empty to use the one saved in the keyring, or PostgreSQL&apos;s own PGPASSWORD or .pgpass. The password is never written to the workspace or the settings.</source>
        <translation>密码留空时，使用密钥库中保存的密码，或 PostgreSQL 自己的 PGPASSWORD、.pgpass。密码不会写入工作区或设置。</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_dialog.py" line="123"/>
        <location filename="../../app/views/shell/team_dialog.py" line="221"/>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_dialog.py" line="160"/>
        <source>Saved in the system keyring</source>
        <translation>已保存在系统密钥库中</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_dialog.py" line="221"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
</context>
<context>
    <name>TeamMembersDialog</name>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="44"/>
        <source>Owner — everything, including the team</source>
        <translation>所有者 — 全部权限，包括管理团队</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="45"/>
        <source>Editor — products, prices, packs</source>
        <translation>编辑 — 产品、价格、上架包</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="46"/>
        <source>Sales — public catalogue, no costs</source>
        <translation>销售 — 公开目录，看不到成本</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="56"/>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="57"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="76"/>
        <location filename="../../app/views/shell/team_members.py" line="230"/>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="94"/>
        <source>Add user…</source>
        <translation>添加用户…</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="95"/>
        <location filename="../../app/views/shell/team_members.py" line="182"/>
        <source>Change role</source>
        <translation>更改角色</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="96"/>
        <source>Remove user…</source>
        <translation>删除用户…</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="103"/>
        <source>Who may open this team workspace, and what the database lets each of them see. Sales staff never see costs, margins or shop keys; a change counts from the user&apos;s next connection.</source>
        <translation>谁可以打开这个团队工作区，以及数据库允许每个人看到什么。销售人员永远看不到成本、利润和店铺密钥；改动从该用户下次连接时生效。</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="109"/>
        <source>Role of the selected user:</source>
        <translation>所选用户的角色：</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="133"/>
        <source>Reading the team…</source>
        <translation>正在读取团队…</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="142"/>
        <source>Users: %1</source>
        <translation>用户：%1</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="158"/>
        <source>You can&apos;t change or remove the login you are connected as: another owner can.</source>
        <translation>不能在这里更改或删除你正在使用的登录名：请由另一位所有者操作。</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="171"/>
        <source>Added %1 as %2.</source>
        <translation>已添加 %1，角色：%2。</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="172"/>
        <source>Adding %1…</source>
        <translation>正在添加 %1…</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="180"/>
        <source>Make %1 %2?

This takes effect the next time %1 connects.</source>
        <translation>把 %1 改为 %2？

从 %1 下次连接时生效。</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="186"/>
        <source>%1 is now %2 (from their next connection).</source>
        <translation>%1 现在是 %2（下次连接时生效）。</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="187"/>
        <source>Changing the role of %1…</source>
        <translation>正在更改 %1 的角色…</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="194"/>
        <source>Remove %1 from the team?

The login is deleted and can no longer open this workspace.</source>
        <translation>把 %1 从团队中删除？

该登录名会被删除，不能再打开这个工作区。</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="196"/>
        <source>Remove user</source>
        <translation>删除用户</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="200"/>
        <source>Removed %1.</source>
        <translation>已删除 %1。</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/team_members.py" line="201"/>
        <source>Removing %1…</source>
        <translation>正在删除 %1…</translation>
    </message>
</context>
<context>
    <name>VariantsTab</name>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="207"/>
        <source>Variant options</source>
        <translation>规格</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="209"/>
        <source>The options a buyer chooses from, such as colour and size. Generate creates one SKU per combination; SKUs that already exist are never changed.</source>
        <translation>买家可选的规格，例如颜色和尺码。“生成 SKU”会为每种组合创建一个 SKU；已有的 SKU 不会被改动。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="231"/>
        <source>Add option</source>
        <translation>添加规格</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="242"/>
        <source>SKU code pattern:</source>
        <translation>SKU 编码规则：</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="249"/>
        <source>Generate SKUs</source>
        <translation>生成 SKU</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="240"/>
        <source>SKUs</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="211"/>
        <source>No options yet: add one (a product without options has one SKU).</source>
        <translation>还没有规格：请添加一个（没有规格的产品只有一个 SKU）。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="222"/>
        <source>Add an option</source>
        <translation>添加规格</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="230"/>
        <source>Name, e.g. 图案 Pattern</source>
        <translation>名称，例如 图案 Pattern</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="245"/>
        <source>{product} is the product code; {colour}, {size}… the option values&apos; codes.</source>
        <translation>{product} 代表货号；{colour}、{size}…代表各规格值的代码。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="293"/>
        <source>Double-click a cell to edit it; invalid entries turn red and are not saved (hover for the reason).</source>
        <translation>双击单元格即可编辑；无效内容会标红且不会保存（鼠标悬停可查看原因）。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="295"/>
        <source>Delete selected SKUs</source>
        <translation>删除选中的 SKU</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="351"/>
        <source>Custom option…</source>
        <translation>自定义规格…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/views/products/editor/variants.py" line="371"/>
        <source>Generate will add %n SKU(s).</source>
        <translation>
            <numerusform>生成后将新增 %n 个 SKU。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="373"/>
        <source>Every combination has a SKU.</source>
        <translation>每种组合都已有 SKU。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/views/products/editor/variants.py" line="375"/>
        <source>%n SKU(s) no longer match the options.</source>
        <translation>
            <numerusform>%n 个 SKU 与当前规格不再匹配。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/views/products/editor/variants.py" line="376"/>
        <source>%n variant(s) in total.</source>
        <translation>
            <numerusform>共 %n 种组合。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/views/products/editor/variants.py" line="381"/>
        <source>%n SKU(s)</source>
        <translation>
            <numerusform>%n 个 SKU</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="391"/>
        <source>Name the option first.</source>
        <translation>请先填写规格名称。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="409"/>
        <source>Add option %1</source>
        <translation>添加规格 %1</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="421"/>
        <source>Add value %1</source>
        <translation>添加规格值 %1</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="431"/>
        <source>Remove value %1</source>
        <translation>删除规格值 %1</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="437"/>
        <source>Remove option %1</source>
        <translation>删除规格 %1</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="446"/>
        <source>Remove and delete SKUs?</source>
        <translation>删除规格并删除 SKU？</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/views/products/editor/variants.py" line="447"/>
        <source>These %n SKU(s) would be deleted with their barcodes, weights and costs:</source>
        <translation>
            <numerusform>以下 %n 个 SKU 将连同其条码、重量和成本一并删除：</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="456"/>
        <source>…and %1 more</source>
        <translation>…另有 %1 个</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="457"/>
        <source>You can undo this.</source>
        <translation>此操作可以撤销。</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="480"/>
        <source>Edit SKU code pattern</source>
        <translation>修改 SKU 编码规则</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="498"/>
        <source>SKUs that no longer fit</source>
        <translation>不再匹配的 SKU</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/views/products/editor/variants.py" line="499"/>
        <source>%n SKU(s) don&apos;t match the options any more (e.g. %1). Delete them?</source>
        <translation>
            <numerusform>%n 个 SKU 与当前规格不再匹配（例如 %1）。要删除吗？</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="507"/>
        <source>Nothing to generate: every combination already has a SKU.</source>
        <translation>无需生成：每种组合都已有 SKU。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/views/products/editor/variants.py" line="509"/>
        <source>Generate %n SKU(s)</source>
        <translation>
            <numerusform>生成 %n 个 SKU</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="517"/>
        <source>Edit %1 of %2</source>
        <translation>修改 %2 的%1</translation>
    </message>
    <message>
        <location filename="../../app/views/products/editor/variants.py" line="532"/>
        <source>Delete SKUs?</source>
        <translation>删除 SKU？</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/views/products/editor/variants.py" line="532"/>
        <source>Delete these %n SKU(s)?</source>
        <translation>
            <numerusform>删除这 %n 个 SKU？</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../app/views/shell/welcome_page.py" line="39"/>
        <source>New workspace</source>
        <translation>新建工作区</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/welcome_page.py" line="40"/>
        <source>Start a factory from scratch: one file holds all its data.</source>
        <translation>从零开始建立工厂资料：所有数据保存在一个文件里。</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/welcome_page.py" line="41"/>
        <source>Open workspace…</source>
        <translation>打开工作区…</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/welcome_page.py" line="42"/>
        <source>Open a .fdw file from this computer.</source>
        <translation>打开这台电脑上的 .fdw 文件。</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/welcome_page.py" line="43"/>
        <source>Open team workspace…</source>
        <translation>打开团队工作区…</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/welcome_page.py" line="44"/>
        <source>Work together on a PostgreSQL server: the office&apos;s or a cloud one.</source>
        <translation>在 PostgreSQL 服务器上协同工作：办公室的或云上的。</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/welcome_page.py" line="45"/>
        <source>Try the demo</source>
        <translation>试用演示</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/welcome_page.py" line="46"/>
        <source>A Shanghai travel-goods and textile factory, ready to explore.</source>
        <translation>一家上海旅行用品和纺织品工厂，可直接浏览体验。</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/welcome_page.py" line="63"/>
        <source>From factory to your own brand online: products, prices, listings, print.</source>
        <translation>从工厂到线上自有品牌：产品、定价、上架、印刷资料。</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/welcome_page.py" line="73"/>
        <source>Recent workspaces</source>
        <translation>最近的工作区</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/welcome_page.py" line="77"/>
        <source>No recent workspaces yet.</source>
        <translation>还没有最近打开的工作区。</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/welcome_page.py" line="101"/>
        <source>Team · %1</source>
        <translation>团队 · %1</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/welcome_page.py" line="102"/>
        <source>PostgreSQL team workspace</source>
        <translation>PostgreSQL 团队工作区</translation>
    </message>
    <message>
        <location filename="../../app/views/shell/welcome_page.py" line="106"/>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
</context>
</TS>
