<?xml version="1.0" encoding="UTF-8"?>
<!--
  The example province's flat layout (samples/province-example.xsd)  →
  canonical budgetkit submission XML: the inverse of province-example.xsl.

    budgetkit convert dept-province.xml dept.json \
        -o xslt-in=samples/province-example-in.xsl -o schema=samples/province-example.xsd

  The flat 科目 records (one per figure) are regrouped into tables: panels
  from 分栏, columns from 栏目, rows by 行号, and one cell per column in
  column order (a column with no record for a row is a blank cell).
  budgetkit then validates the result against schemas/budgetkit.xsd.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:example:province:bmys:1"
    xmlns="urn:budgetkit:submission:1"
    exclude-result-prefixes="p">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- the records of one row, and the record of one cell, inside one 报表 -->
  <xsl:key name="row" match="p:科目" use="concat(generate-id(..), '|', @分栏码, '|', @行号)"/>
  <xsl:key name="cell" match="p:科目" use="concat(generate-id(..), '|', @分栏码, '|', @行号, '|', @栏码)"/>

  <xsl:template name="unit-kind">
    <xsl:param name="name"/>
    <xsl:choose>
      <xsl:when test="$name = '元'"><xsl:attribute name="unit">yuan</xsl:attribute></xsl:when>
      <xsl:when test="$name = '万元'"><xsl:attribute name="unit">wan_yuan</xsl:attribute></xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="/p:部门预算报送">
    <submission version="1.0">
      <xsl:if test="@年度"><xsl:attribute name="fiscal-year"><xsl:value-of select="@年度"/></xsl:attribute></xsl:if>
      <xsl:choose>
        <xsl:when test="@报送类型 = '部门预算'"><xsl:attribute name="kind">budget</xsl:attribute></xsl:when>
        <xsl:when test="@报送类型 = '部门决算'"><xsl:attribute name="kind">final_accounts</xsl:attribute></xsl:when>
      </xsl:choose>
      <xsl:if test="@标题"><xsl:attribute name="title"><xsl:value-of select="@标题"/></xsl:attribute></xsl:if>
      <xsl:if test="@地区"><xsl:attribute name="region"><xsl:value-of select="@地区"/></xsl:attribute></xsl:if>
      <xsl:if test="@行政级次"><xsl:attribute name="level"><xsl:value-of select="@行政级次"/></xsl:attribute></xsl:if>
      <xsl:if test="@部门编码"><xsl:attribute name="department-code"><xsl:value-of select="@部门编码"/></xsl:attribute></xsl:if>
      <xsl:if test="@部门名称"><xsl:attribute name="department-name"><xsl:value-of select="@部门名称"/></xsl:attribute></xsl:if>
      <xsl:if test="@公开主体='部门'"><xsl:attribute name="disclosure">department</xsl:attribute></xsl:if>
      <xsl:if test="@公开主体='单位'"><xsl:attribute name="disclosure">unit</xsl:attribute></xsl:if>
      <xsl:apply-templates select="p:预算单位"/>
      <xsl:apply-templates select="p:报表"/>
      <xsl:apply-templates select="p:绩效目标"/>
      <xsl:apply-templates select="p:说明"/>
    </submission>
  </xsl:template>

  <xsl:template match="p:预算单位">
    <unit>
      <xsl:if test="@单位编码"><xsl:attribute name="code"><xsl:value-of select="@单位编码"/></xsl:attribute></xsl:if>
      <xsl:if test="@单位名称"><xsl:attribute name="name"><xsl:value-of select="@单位名称"/></xsl:attribute></xsl:if>
      <xsl:if test="@单位性质"><xsl:attribute name="type"><xsl:value-of select="@单位性质"/></xsl:attribute></xsl:if>
    </unit>
  </xsl:template>

  <xsl:template match="p:报表">
    <xsl:variable name="t" select="."/>
    <table kind="{@表类}">
      <xsl:if test="@表名"><xsl:attribute name="title"><xsl:value-of select="@表名"/></xsl:attribute></xsl:if>
      <xsl:if test="@表号"><xsl:attribute name="number-label"><xsl:value-of select="@表号"/></xsl:attribute></xsl:if>
      <xsl:if test="@填报单位"><xsl:attribute name="department"><xsl:value-of select="@填报单位"/></xsl:attribute></xsl:if>
      <xsl:call-template name="unit-kind"><xsl:with-param name="name" select="@金额单位"/></xsl:call-template>
      <xsl:if test="@单位标注"><xsl:attribute name="unit-label"><xsl:value-of select="@单位标注"/></xsl:attribute></xsl:if>
      <xsl:attribute name="scale"><xsl:value-of select="@小数位数"/></xsl:attribute>
      <xsl:if test="p:备注"><note><xsl:value-of select="p:备注"/></note></xsl:if>
      <xsl:for-each select="p:分栏">
        <xsl:variable name="panel" select="."/>
        <panel key="{@分栏码}">
          <xsl:if test="@分栏名称"><xsl:attribute name="label"><xsl:value-of select="@分栏名称"/></xsl:attribute></xsl:if>
          <xsl:if test="@编码栏名"><xsl:attribute name="code-label"><xsl:value-of select="@编码栏名"/></xsl:attribute></xsl:if>
          <xsl:if test="@名称栏名"><xsl:attribute name="name-label"><xsl:value-of select="@名称栏名"/></xsl:attribute></xsl:if>
          <xsl:for-each select="p:栏目">
            <column key="{@栏码}" type="{@类型}">
              <xsl:if test="@栏名"><xsl:attribute name="label"><xsl:value-of select="@栏名"/></xsl:attribute></xsl:if>
            </column>
          </xsl:for-each>
          <!-- the first record of each row of this panel, rows in 行号 order
               (records may come in any order; a figure not reported is blank) -->
          <xsl:for-each select="$t/p:科目[@分栏码 = $panel/@分栏码]
                                [generate-id() = generate-id(key('row', concat(generate-id($t), '|', @分栏码, '|', @行号))[1])]">
            <xsl:sort select="@行号" data-type="number"/>
            <xsl:variable name="r" select="."/>
            <row>
              <xsl:if test="@项目代码"><xsl:attribute name="key"><xsl:value-of select="@项目代码"/></xsl:attribute></xsl:if>
              <xsl:if test="@科目编码"><xsl:attribute name="code"><xsl:value-of select="@科目编码"/></xsl:attribute></xsl:if>
              <xsl:if test="@科目名称"><xsl:attribute name="name"><xsl:value-of select="@科目名称"/></xsl:attribute></xsl:if>
              <xsl:if test="@级次"><xsl:attribute name="level"><xsl:value-of select="@级次"/></xsl:attribute></xsl:if>
              <xsl:if test="@上级行号"><xsl:attribute name="parent"><xsl:value-of select="@上级行号 - 1"/></xsl:attribute></xsl:if>
              <xsl:if test="@行类型"><xsl:attribute name="role"><xsl:value-of select="@行类型"/></xsl:attribute></xsl:if>
              <xsl:if test="@标志"><xsl:attribute name="flags"><xsl:value-of select="@标志"/></xsl:attribute></xsl:if>
              <xsl:for-each select="$panel/p:栏目">
                <xsl:variable name="c" select="key('cell', concat(generate-id($t), '|', $r/@分栏码, '|', $r/@行号, '|', @栏码))[1]"/>
                <xsl:choose>
                  <xsl:when test="$c/@金额"><amount><xsl:value-of select="$c/@金额"/></amount></xsl:when>
                  <xsl:when test="$c/@文本"><text><xsl:value-of select="$c/@文本"/></text></xsl:when>
                  <xsl:otherwise><blank/></xsl:otherwise>
                </xsl:choose>
              </xsl:for-each>
            </row>
          </xsl:for-each>
        </panel>
      </xsl:for-each>
    </table>
  </xsl:template>

  <xsl:template name="cell">
    <xsl:choose>
      <xsl:when test="@金额"><amount><xsl:value-of select="@金额"/></amount></xsl:when>
      <xsl:when test="@文本"><text><xsl:value-of select="@文本"/></text></xsl:when>
      <xsl:otherwise><blank/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="p:绩效目标">
    <performance-target kind="{@类型}">
      <xsl:if test="@表名"><xsl:attribute name="title"><xsl:value-of select="@表名"/></xsl:attribute></xsl:if>
      <xsl:if test="@期间"><xsl:attribute name="period-label"><xsl:value-of select="@期间"/></xsl:attribute></xsl:if>
      <xsl:call-template name="unit-kind"><xsl:with-param name="name" select="@金额单位"/></xsl:call-template>
      <xsl:for-each select="p:信息项">
        <field>
          <xsl:if test="@代码"><xsl:attribute name="key"><xsl:value-of select="@代码"/></xsl:attribute></xsl:if>
          <xsl:if test="@名称"><xsl:attribute name="label"><xsl:value-of select="@名称"/></xsl:attribute></xsl:if>
          <xsl:if test="@内容"><value><xsl:value-of select="@内容"/></value></xsl:if>
        </field>
      </xsl:for-each>
      <xsl:for-each select="p:资金">
        <funding>
          <xsl:if test="@口径"><xsl:attribute name="group"><xsl:value-of select="@口径"/></xsl:attribute></xsl:if>
          <xsl:if test="@代码"><xsl:attribute name="key"><xsl:value-of select="@代码"/></xsl:attribute></xsl:if>
          <xsl:if test="@名称"><xsl:attribute name="label"><xsl:value-of select="@名称"/></xsl:attribute></xsl:if>
          <xsl:call-template name="cell"/>
        </funding>
      </xsl:for-each>
      <xsl:for-each select="p:重点任务">
        <task>
          <xsl:if test="@核心职能"><xsl:attribute name="label"><xsl:value-of select="@核心职能"/></xsl:attribute></xsl:if>
          <xsl:if test="@任务"><value><xsl:value-of select="@任务"/></value></xsl:if>
        </task>
      </xsl:for-each>
      <xsl:for-each select="p:指标">
        <indicator>
          <xsl:if test="@期间"><xsl:attribute name="period"><xsl:value-of select="@期间"/></xsl:attribute></xsl:if>
          <xsl:if test="@一级指标"><xsl:attribute name="level1"><xsl:value-of select="@一级指标"/></xsl:attribute></xsl:if>
          <xsl:if test="@二级指标"><xsl:attribute name="level2"><xsl:value-of select="@二级指标"/></xsl:attribute></xsl:if>
          <xsl:if test="@三级指标"><xsl:attribute name="level3"><xsl:value-of select="@三级指标"/></xsl:attribute></xsl:if>
          <xsl:if test="@指标值"><xsl:attribute name="value"><xsl:value-of select="@指标值"/></xsl:attribute></xsl:if>
          <xsl:if test="@比较符"><xsl:attribute name="op"><xsl:value-of select="@比较符"/></xsl:attribute></xsl:if>
          <xsl:if test="@数值"><xsl:attribute name="number"><xsl:value-of select="@数值"/></xsl:attribute></xsl:if>
          <xsl:if test="@计量单位"><xsl:attribute name="unit"><xsl:value-of select="@计量单位"/></xsl:attribute></xsl:if>
        </indicator>
      </xsl:for-each>
    </performance-target>
  </xsl:template>

  <xsl:template match="p:说明">
    <section>
      <xsl:if test="@标题"><xsl:attribute name="heading"><xsl:value-of select="@标题"/></xsl:attribute></xsl:if>
      <xsl:if test="@层级"><xsl:attribute name="level"><xsl:value-of select="@层级"/></xsl:attribute></xsl:if>
      <xsl:if test="p:正文"><text><xsl:value-of select="p:正文"/></text></xsl:if>
    </section>
  </xsl:template>
</xsl:stylesheet>
