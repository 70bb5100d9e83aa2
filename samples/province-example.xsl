<?xml version="1.0" encoding="UTF-8"?>
<!--
  Canonical budgetkit submission XML  →  an example province's flat layout
  (部门预算报送格式, validated by samples/province-example.xsd).

    budgetkit convert dept.json dept-province.xml \
        -o xslt=samples/province-example.xsl -o schema=samples/province-example.xsd

  The province wants one flat 科目 record per figure, each carrying its 单位,
  资金来源 and 支出类型 as attributes, instead of tables of rows and columns.
  The inverse is samples/province-example-in.xsl (use with -o xslt-in=...).
  The whole model survives the round trip.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:bk="urn:budgetkit:submission:1"
    xmlns="urn:example:province:bmys:1"
    exclude-result-prefixes="bk">

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <!-- 资金来源 of a column: the canonical column keys of the funding sources -->
  <xsl:template name="funding-source">
    <xsl:param name="key"/>
    <xsl:choose>
      <xsl:when test="$key = 'general_public'">一般公共预算</xsl:when>
      <xsl:when test="$key = 'gov_fund'">政府性基金预算</xsl:when>
      <xsl:when test="$key = 'state_capital'">国有资本经营预算</xsl:when>
      <xsl:when test="$key = 'special_account'">财政专户管理资金</xsl:when>
      <xsl:when test="$key = 'unit_funds'">单位资金</xsl:when>
      <xsl:when test="$key = 'carryover' or $key = 'carryover_use'">上年结转</xsl:when>
      <xsl:when test="$key = 'current'">当年预算安排</xsl:when>
      <xsl:otherwise>合计</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- 支出类型 of a column -->
  <xsl:template name="expense-type">
    <xsl:param name="key"/>
    <xsl:choose>
      <xsl:when test="$key = 'basic'">基本支出</xsl:when>
      <xsl:when test="$key = 'project'">项目支出</xsl:when>
      <xsl:when test="$key = 'personnel'">人员经费</xsl:when>
      <xsl:when test="$key = 'public_funds'">公用经费</xsl:when>
      <xsl:otherwise>合计</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="unit-name">
    <xsl:param name="u"/>
    <xsl:choose>
      <xsl:when test="$u = 'yuan'">元</xsl:when>
      <xsl:when test="$u = 'wan_yuan'">万元</xsl:when>
      <xsl:otherwise>未知</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="/bk:submission">
    <部门预算报送 版本="1">
      <xsl:if test="@fiscal-year"><xsl:attribute name="年度"><xsl:value-of select="@fiscal-year"/></xsl:attribute></xsl:if>
      <xsl:if test="@kind">
        <xsl:attribute name="报送类型">
          <xsl:choose>
            <xsl:when test="@kind = 'budget'">部门预算</xsl:when>
            <xsl:when test="@kind = 'final_accounts'">部门决算</xsl:when>
            <xsl:otherwise>未知</xsl:otherwise>
          </xsl:choose>
        </xsl:attribute>
      </xsl:if>
      <xsl:if test="@title"><xsl:attribute name="标题"><xsl:value-of select="@title"/></xsl:attribute></xsl:if>
      <xsl:if test="@region"><xsl:attribute name="地区"><xsl:value-of select="@region"/></xsl:attribute></xsl:if>
      <xsl:if test="@level"><xsl:attribute name="行政级次"><xsl:value-of select="@level"/></xsl:attribute></xsl:if>
      <xsl:if test="@department-code"><xsl:attribute name="部门编码"><xsl:value-of select="@department-code"/></xsl:attribute></xsl:if>
      <xsl:if test="@department-name"><xsl:attribute name="部门名称"><xsl:value-of select="@department-name"/></xsl:attribute></xsl:if>
      <xsl:if test="@disclosure='department'"><xsl:attribute name="公开主体">部门</xsl:attribute></xsl:if>
      <xsl:if test="@disclosure='unit'"><xsl:attribute name="公开主体">单位</xsl:attribute></xsl:if>
      <xsl:apply-templates select="bk:unit"/>
      <xsl:apply-templates select="bk:table"/>
      <xsl:apply-templates select="bk:performance-target"/>
      <xsl:apply-templates select="bk:section"/>
    </部门预算报送>
  </xsl:template>

  <xsl:template match="bk:unit">
    <预算单位>
      <xsl:if test="@code"><xsl:attribute name="单位编码"><xsl:value-of select="@code"/></xsl:attribute></xsl:if>
      <xsl:if test="@name"><xsl:attribute name="单位名称"><xsl:value-of select="@name"/></xsl:attribute></xsl:if>
      <xsl:if test="@type"><xsl:attribute name="单位性质"><xsl:value-of select="@type"/></xsl:attribute></xsl:if>
    </预算单位>
  </xsl:template>

  <xsl:template match="bk:table">
    <报表 表类="{@kind}">
      <xsl:attribute name="小数位数">
        <xsl:choose><xsl:when test="@scale"><xsl:value-of select="@scale"/></xsl:when><xsl:otherwise>2</xsl:otherwise></xsl:choose>
      </xsl:attribute>
      <xsl:if test="@title"><xsl:attribute name="表名"><xsl:value-of select="@title"/></xsl:attribute></xsl:if>
      <xsl:if test="@number-label"><xsl:attribute name="表号"><xsl:value-of select="@number-label"/></xsl:attribute></xsl:if>
      <xsl:if test="@department"><xsl:attribute name="填报单位"><xsl:value-of select="@department"/></xsl:attribute></xsl:if>
      <xsl:if test="@unit">
        <xsl:attribute name="金额单位"><xsl:call-template name="unit-name"><xsl:with-param name="u" select="@unit"/></xsl:call-template></xsl:attribute>
      </xsl:if>
      <xsl:if test="@unit-label"><xsl:attribute name="单位标注"><xsl:value-of select="@unit-label"/></xsl:attribute></xsl:if>
      <xsl:if test="bk:note"><备注><xsl:value-of select="bk:note"/></备注></xsl:if>
      <!-- the column heads, panel by panel -->
      <xsl:for-each select="bk:panel">
        <分栏 分栏码="{@key}">
          <xsl:if test="@label"><xsl:attribute name="分栏名称"><xsl:value-of select="@label"/></xsl:attribute></xsl:if>
          <xsl:if test="@code-label"><xsl:attribute name="编码栏名"><xsl:value-of select="@code-label"/></xsl:attribute></xsl:if>
          <xsl:if test="@name-label"><xsl:attribute name="名称栏名"><xsl:value-of select="@name-label"/></xsl:attribute></xsl:if>
          <xsl:for-each select="bk:column">
            <栏目 栏码="{@key}" 类型="{@type}">
              <xsl:if test="@label"><xsl:attribute name="栏名"><xsl:value-of select="@label"/></xsl:attribute></xsl:if>
            </栏目>
          </xsl:for-each>
        </分栏>
      </xsl:for-each>
      <!-- one flat 科目 record per cell -->
      <xsl:variable name="dept" select="(@department | /bk:submission/@department-name)[1]"/>
      <xsl:for-each select="bk:panel">
        <xsl:variable name="panel" select="."/>
        <xsl:for-each select="bk:row">
          <xsl:variable name="row" select="."/>
          <xsl:variable name="rowno" select="position()"/>
          <xsl:for-each select="*">
            <xsl:variable name="i" select="position()"/>
            <xsl:variable name="col" select="$panel/bk:column[$i]"/>
            <科目 分栏码="{$panel/@key}" 行号="{$rowno}" 栏码="{$col/@key}">
              <xsl:if test="$row/@code"><xsl:attribute name="科目编码"><xsl:value-of select="$row/@code"/></xsl:attribute></xsl:if>
              <xsl:if test="$row/@name"><xsl:attribute name="科目名称"><xsl:value-of select="$row/@name"/></xsl:attribute></xsl:if>
              <xsl:if test="$row/@key"><xsl:attribute name="项目代码"><xsl:value-of select="$row/@key"/></xsl:attribute></xsl:if>
              <xsl:if test="$row/@level"><xsl:attribute name="级次"><xsl:value-of select="$row/@level"/></xsl:attribute></xsl:if>
              <xsl:if test="$row/@parent"><xsl:attribute name="上级行号"><xsl:value-of select="$row/@parent + 1"/></xsl:attribute></xsl:if>
              <xsl:if test="$row/@role"><xsl:attribute name="行类型"><xsl:value-of select="$row/@role"/></xsl:attribute></xsl:if>
              <xsl:if test="$row/@flags"><xsl:attribute name="标志"><xsl:value-of select="$row/@flags"/></xsl:attribute></xsl:if>
              <xsl:if test="$dept"><xsl:attribute name="单位"><xsl:value-of select="$dept"/></xsl:attribute></xsl:if>
              <xsl:attribute name="资金来源">
                <xsl:call-template name="funding-source"><xsl:with-param name="key" select="$col/@key"/></xsl:call-template>
              </xsl:attribute>
              <xsl:attribute name="支出类型">
                <xsl:call-template name="expense-type"><xsl:with-param name="key" select="$col/@key"/></xsl:call-template>
              </xsl:attribute>
              <xsl:choose>
                <xsl:when test="self::bk:amount"><xsl:attribute name="金额"><xsl:value-of select="."/></xsl:attribute></xsl:when>
                <xsl:when test="self::bk:text"><xsl:attribute name="文本"><xsl:value-of select="."/></xsl:attribute></xsl:when>
              </xsl:choose>
            </科目>
          </xsl:for-each>
        </xsl:for-each>
      </xsl:for-each>
    </报表>
  </xsl:template>

  <xsl:template name="cell-value">
    <xsl:choose>
      <xsl:when test="bk:amount"><xsl:attribute name="金额"><xsl:value-of select="bk:amount"/></xsl:attribute></xsl:when>
      <xsl:when test="bk:text"><xsl:attribute name="文本"><xsl:value-of select="bk:text"/></xsl:attribute></xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="bk:performance-target">
    <绩效目标 类型="{@kind}">
      <xsl:if test="@title"><xsl:attribute name="表名"><xsl:value-of select="@title"/></xsl:attribute></xsl:if>
      <xsl:if test="@period-label"><xsl:attribute name="期间"><xsl:value-of select="@period-label"/></xsl:attribute></xsl:if>
      <xsl:if test="@unit">
        <xsl:attribute name="金额单位"><xsl:call-template name="unit-name"><xsl:with-param name="u" select="@unit"/></xsl:call-template></xsl:attribute>
      </xsl:if>
      <xsl:for-each select="bk:field">
        <信息项>
          <xsl:if test="@key"><xsl:attribute name="代码"><xsl:value-of select="@key"/></xsl:attribute></xsl:if>
          <xsl:if test="@label"><xsl:attribute name="名称"><xsl:value-of select="@label"/></xsl:attribute></xsl:if>
          <xsl:if test="bk:value"><xsl:attribute name="内容"><xsl:value-of select="bk:value"/></xsl:attribute></xsl:if>
        </信息项>
      </xsl:for-each>
      <xsl:for-each select="bk:funding">
        <资金>
          <xsl:if test="@group"><xsl:attribute name="口径"><xsl:value-of select="@group"/></xsl:attribute></xsl:if>
          <xsl:if test="@key"><xsl:attribute name="代码"><xsl:value-of select="@key"/></xsl:attribute></xsl:if>
          <xsl:if test="@label"><xsl:attribute name="名称"><xsl:value-of select="@label"/></xsl:attribute></xsl:if>
          <xsl:call-template name="cell-value"/>
        </资金>
      </xsl:for-each>
      <xsl:for-each select="bk:task">
        <重点任务>
          <xsl:if test="@label"><xsl:attribute name="核心职能"><xsl:value-of select="@label"/></xsl:attribute></xsl:if>
          <xsl:if test="bk:value"><xsl:attribute name="任务"><xsl:value-of select="bk:value"/></xsl:attribute></xsl:if>
        </重点任务>
      </xsl:for-each>
      <xsl:for-each select="bk:indicator">
        <指标>
          <xsl:if test="@period"><xsl:attribute name="期间"><xsl:value-of select="@period"/></xsl:attribute></xsl:if>
          <xsl:if test="@level1"><xsl:attribute name="一级指标"><xsl:value-of select="@level1"/></xsl:attribute></xsl:if>
          <xsl:if test="@level2"><xsl:attribute name="二级指标"><xsl:value-of select="@level2"/></xsl:attribute></xsl:if>
          <xsl:if test="@level3"><xsl:attribute name="三级指标"><xsl:value-of select="@level3"/></xsl:attribute></xsl:if>
          <xsl:if test="@value"><xsl:attribute name="指标值"><xsl:value-of select="@value"/></xsl:attribute></xsl:if>
          <xsl:if test="@op"><xsl:attribute name="比较符"><xsl:value-of select="@op"/></xsl:attribute></xsl:if>
          <xsl:if test="@number"><xsl:attribute name="数值"><xsl:value-of select="@number"/></xsl:attribute></xsl:if>
          <xsl:if test="@unit"><xsl:attribute name="计量单位"><xsl:value-of select="@unit"/></xsl:attribute></xsl:if>
        </指标>
      </xsl:for-each>
    </绩效目标>
  </xsl:template>

  <xsl:template match="bk:section">
    <说明>
      <xsl:if test="@heading"><xsl:attribute name="标题"><xsl:value-of select="@heading"/></xsl:attribute></xsl:if>
      <xsl:if test="@level"><xsl:attribute name="层级"><xsl:value-of select="@level"/></xsl:attribute></xsl:if>
      <xsl:if test="bk:text"><正文><xsl:value-of select="bk:text"/></正文></xsl:if>
    </说明>
  </xsl:template>
</xsl:stylesheet>
