/*
 * Every Connected App of the corpus (test/fixtures/corpus/connectedapp, real files: see MANIFEST.tsv) through the
 * conversion, by default and with --harden: converted, or reported as not convertible with the reason; the mapping
 * table per app (field=fate: c copied, ch changed, h hardened, n not carried over); the written files valid against
 * the ECA schema, parsed back to the same model, re-checked with the expected findings, and deployed to the emulator.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { validateXML } from 'xmllint-wasm';
import {
  addPermissionSet,
  addProfile,
  addUser,
  connectTo,
  ECA_SCHEMA_PATH,
  type Emulator,
  findApp,
  findUser,
  startEmulator,
  zipDeployment,
} from '@plugin-eca/org-emulator';
import { type ConvertedApp, convertOne } from '../../../src/jobs/convert.js';
import { readConnectedAppFile } from '../../../src/metadata/connectedApp.js';
import { findConnectedApps } from '../../../src/metadata/discoverConnectedApps.js';
import { parseAppFiles } from '../../../src/metadata/parse.js';
import { ecaTypeByName } from '../../../src/metadata/types.js';

const CORPUS = 'test/fixtures/corpus/connectedapp';
const OUT = '/nonexistent/wt-convert-corpus/force-app/main/default';
const SHORT: Record<string, string> = { copied: 'c', changed: 'ch', hardened: 'h', 'not carried over': 'n' };

type Expected = {
  name: string;
  converted: boolean;
  /** Rule ids of the findings of the re-check, sorted. */
  findings: string;
  hardenedFindings: string;
  rows: string;
  hardenedRows: string;
};

const EXPECTED: Expected[] = [
  {
    name: "Alteryx_Test",
    converted: true,
    findings: "ECA001 ECA002 ECA009 ECA024",
    hardenedFindings: "ECA023",
    rows: "(name)=c label=c contactEmail=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n",
    hardenedRows: "(name)=c label=c contactEmail=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=h oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=h oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=h oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n sessionPolicy.sessionTimeout=h",
  },
  {
    name: "Box_Automate_CLM_Integration",
    converted: true,
    findings: "ECA003 ECA009 ECA023 ECA024",
    hardenedFindings: "ECA023",
    rows: "(name)=c label=c contactEmail=c description=c oauthConfig.callbackUrl=c oauthConfig.scopes=ch oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=c oauthPolicy.refreshTokenPolicy=c (username-password flow)=n",
    hardenedRows: "(name)=c label=c contactEmail=c description=c oauthConfig.callbackUrl=c oauthConfig.scopes=ch oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=c oauthPolicy.refreshTokenPolicy=h (username-password flow)=n sessionPolicy.sessionTimeout=h",
  },
  {
    name: "connected-app-basic",
    converted: false,
    findings: "ECA002 ECA003 ECA009 ECA024 ECA036 ECA121 ECA128 ECA132",
    hardenedFindings: "ECA023 ECA121 ECA128 ECA132",
    rows: "(name)=c label=c contactEmail=c description=c oauthConfig.callbackUrl=c oauthConfig.scopes=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch (username-password flow)=n",
    hardenedRows: "(name)=c label=c contactEmail=c description=c oauthConfig.callbackUrl=c oauthConfig.scopes=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=h oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=h oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=h (username-password flow)=n sessionPolicy.sessionTimeout=h",
  },
  {
    name: "connected-app-canvas",
    converted: false,
    findings: "ECA003 ECA009 ECA023 ECA024 ECA036 ECA121 ECA128 ECA132",
    hardenedFindings: "ECA023 ECA121 ECA128 ECA132",
    rows: "(name)=c label=c contactEmail=c description=c canvasConfig=n oauthConfig.callbackUrl=c oauthConfig.scopes=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch (username-password flow)=n",
    hardenedRows: "(name)=c label=c contactEmail=c description=c canvasConfig=n oauthConfig.callbackUrl=c oauthConfig.scopes=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=h oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=h (username-password flow)=n sessionPolicy.sessionTimeout=h",
  },
  {
    name: "connected-app-jwt",
    converted: false,
    findings: "ECA009 ECA023 ECA024 ECA121 ECA128",
    hardenedFindings: "ECA023 ECA121 ECA128",
    rows: "(name)=c label=c contactEmail=c description=c oauthConfig.callbackUrl=c oauthConfig.certificate=n oauthConfig.scopes=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch (username-password flow)=n permissionSetLicense=n",
    hardenedRows: "(name)=c label=c contactEmail=c description=c oauthConfig.callbackUrl=c oauthConfig.certificate=n oauthConfig.scopes=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch (username-password flow)=n sessionPolicy.sessionTimeout=h permissionSetLicense=n",
  },
  {
    name: "connected-app-oauth",
    converted: false,
    findings: "ECA003 ECA009 ECA023 ECA036 ECA121 ECA128 ECA132",
    hardenedFindings: "ECA023 ECA121 ECA128 ECA132",
    rows: "(name)=c label=c contactEmail=c description=c oauthConfig.callbackUrl=c oauthConfig.scopes=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch oauthPolicy.singleLogoutUrl=c sessionPolicy.sessionTimeout=ch (username-password flow)=n",
    hardenedRows: "(name)=c label=c contactEmail=c description=c oauthConfig.callbackUrl=c oauthConfig.scopes=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=h oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=h oauthPolicy.singleLogoutUrl=c sessionPolicy.sessionTimeout=ch (username-password flow)=n",
  },
  {
    name: "DDC_Community",
    converted: true,
    findings: "ECA001 ECA006 ECA009 ECA024 ECA036 ECA037",
    hardenedFindings: "",
    rows: "(name)=c label=c contactEmail=c oauthConfig.callbackUrl=c oauthConfig.certificate=ch oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch profileName=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n",
    hardenedRows: "(name)=c label=c contactEmail=c oauthConfig.callbackUrl=c oauthConfig.certificate=ch oauthConfig.consumerKey=n oauthConfig.scopes=h oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=h oauthConfig.isRefreshTokenRotationEnabled=h oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch profileName=ch oauthPolicy.ipRelaxation=h oauthPolicy.refreshTokenPolicy=ch oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n sessionPolicy.sessionTimeout=h",
  },
  {
    name: "DEVHUB_aywrre5fyjrxg0toetwh",
    converted: true,
    findings: "ECA002 ECA009 ECA024",
    hardenedFindings: "ECA023",
    rows: "(name)=c label=c contactEmail=c description=c iconUrl=c logoUrl=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n",
    hardenedRows: "(name)=c label=c contactEmail=c description=c iconUrl=c logoUrl=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=h oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=h oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n sessionPolicy.sessionTimeout=h",
  },
  {
    name: "docusign_sfdc_sync",
    converted: true,
    findings: "ECA001 ECA002 ECA003 ECA009 ECA015 ECA024",
    hardenedFindings: "ECA015 ECA023",
    rows: "(name)=c label=c contactEmail=c contactPhone=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch (username-password flow)=n",
    hardenedRows: "(name)=c label=c contactEmail=c contactPhone=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=h oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=h oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=h oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=h (username-password flow)=n sessionPolicy.sessionTimeout=h",
  },
  {
    name: "DXConnectedApp",
    converted: true,
    findings: "ECA001 ECA002 ECA003 ECA009 ECA015 ECA024 ECA036 ECA037",
    hardenedFindings: "ECA015 ECA023",
    rows: "(name)=c label=c contactEmail=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n",
    hardenedRows: "(name)=c label=c contactEmail=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=h oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=h oauthConfig.isRefreshTokenRotationEnabled=h oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=h oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=h oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n sessionPolicy.sessionTimeout=h",
  },
  {
    name: "GCP_Connected_Clients",
    converted: true,
    findings: "ECA001 ECA002 ECA003 ECA009 ECA024",
    hardenedFindings: "ECA023",
    rows: "(name)=c label=c contactEmail=c description=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n",
    hardenedRows: "(name)=c label=c contactEmail=c description=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=h oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=h oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=h oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=h oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n sessionPolicy.sessionTimeout=h",
  },
  {
    name: "GitHub_Actions",
    converted: true,
    findings: "ECA001 ECA003 ECA009 ECA023 ECA024",
    hardenedFindings: "ECA023",
    rows: "(name)=c label=c contactEmail=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch (username-password flow)=n",
    hardenedRows: "(name)=c label=c contactEmail=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=h oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=h (username-password flow)=n sessionPolicy.sessionTimeout=h",
  },
  {
    name: "Identity_Management",
    converted: true,
    findings: "ECA002 ECA009 ECA024",
    hardenedFindings: "ECA023",
    rows: "(name)=c label=c contactEmail=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n",
    hardenedRows: "(name)=c label=c contactEmail=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=h oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=h oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n sessionPolicy.sessionTimeout=h",
  },
  {
    name: "LF_Datadog_Monitoring",
    converted: true,
    findings: "ECA002 ECA006 ECA009 ECA024",
    hardenedFindings: "ECA023",
    rows: "(name)=c label=c contactEmail=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch (username-password flow)=n",
    hardenedRows: "(name)=c label=c contactEmail=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=h oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=h oauthPolicy.ipRelaxation=h oauthPolicy.refreshTokenPolicy=ch (username-password flow)=n sessionPolicy.sessionTimeout=h",
  },
  {
    name: "Postman",
    converted: true,
    findings: "ECA001 ECA002 ECA006 ECA009 ECA036",
    hardenedFindings: "ECA023",
    rows: "(name)=c label=c contactEmail=c contactPhone=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch sessionPolicy.sessionTimeout=ch (username-password flow)=n",
    hardenedRows: "(name)=c label=c contactEmail=c contactPhone=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=h oauthConfig.isConsumerSecretOptional=c oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=h oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=h oauthPolicy.ipRelaxation=h oauthPolicy.refreshTokenPolicy=ch sessionPolicy.sessionTimeout=ch (username-password flow)=n",
  },
  {
    name: "SalesforcepagelayoutAPI",
    converted: true,
    findings: "ECA001 ECA003 ECA009 ECA024 ECA036 ECA037",
    hardenedFindings: "",
    rows: "(name)=c label=c contactEmail=c description=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch profileName=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n",
    hardenedRows: "(name)=c label=c contactEmail=c description=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=h oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=h oauthConfig.isRefreshTokenRotationEnabled=h oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch profileName=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=h oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n sessionPolicy.sessionTimeout=h",
  },
  {
    name: "Salespreso",
    converted: true,
    findings: "ECA002 ECA009 ECA024",
    hardenedFindings: "ECA023",
    rows: "(name)=c label=c contactEmail=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n",
    hardenedRows: "(name)=c label=c contactEmail=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=h oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=h oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n sessionPolicy.sessionTimeout=h",
  },
  {
    name: "Samsung_Gear_Live_POC",
    converted: true,
    findings: "ECA001 ECA003 ECA006 ECA009 ECA024 ECA036 ECA037",
    hardenedFindings: "",
    rows: "(name)=c label=c contactEmail=c contactPhone=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch profileName=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n",
    hardenedRows: "(name)=c label=c contactEmail=c contactPhone=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=h oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=h oauthConfig.isRefreshTokenRotationEnabled=h oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch profileName=ch oauthPolicy.ipRelaxation=h oauthPolicy.refreshTokenPolicy=h oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n sessionPolicy.sessionTimeout=h",
  },
  {
    name: "Seismic_OAuth",
    converted: true,
    findings: "ECA001 ECA002 ECA003 ECA009 ECA024 ECA036 ECA037",
    hardenedFindings: "ECA023",
    rows: "(name)=c label=c contactEmail=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n",
    hardenedRows: "(name)=c label=c contactEmail=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=h oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=h oauthConfig.isRefreshTokenRotationEnabled=h oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=h oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=h oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n sessionPolicy.sessionTimeout=h",
  },
  {
    name: "Service_Now_Integration_Consumers",
    converted: true,
    findings: "ECA001 ECA003 ECA009 ECA024 ECA030 ECA036 ECA037",
    hardenedFindings: "ECA030",
    rows: "(name)=c label=c contactEmail=c oauthConfig.callbackUrl=c oauthConfig.certificate=ch oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch permissionSetName=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n",
    hardenedRows: "(name)=c label=c contactEmail=c oauthConfig.callbackUrl=c oauthConfig.certificate=ch oauthConfig.consumerKey=n oauthConfig.scopes=h oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=h oauthConfig.isRefreshTokenRotationEnabled=h oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch permissionSetName=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=h oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n sessionPolicy.sessionTimeout=h",
  },
  {
    name: "STEST_NPE_Connected_Clients",
    converted: true,
    findings: "ECA001 ECA003 ECA009 ECA024",
    hardenedFindings: "",
    rows: "(name)=c label=c contactEmail=c description=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch profileName=ch permissionSetName=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n",
    hardenedRows: "(name)=c label=c contactEmail=c description=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=h oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch profileName=ch permissionSetName=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=h oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n sessionPolicy.sessionTimeout=h",
  },
  {
    name: "SumoLogic",
    converted: true,
    findings: "ECA002 ECA003 ECA009 ECA024 ECA036 ECA037",
    hardenedFindings: "ECA023",
    rows: "(name)=c label=c contactEmail=c description=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=c oauthConfig.isSecretRequiredForRefreshToken=c oauthConfig.isRefreshTokenRotationEnabled=c oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=ch oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=ch oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n",
    hardenedRows: "(name)=c label=c contactEmail=c description=c oauthConfig.callbackUrl=c oauthConfig.consumerKey=n oauthConfig.scopes=ch oauthConfig.isClientCredentialEnabled=ch oauthConfig.isConsumerSecretOptional=c oauthConfig.isNamedUserJwtEnabled=c oauthConfig.isTokenExchangeEnabled=c oauthConfig.isSecretRequiredForTokenExchange=c oauthConfig.isCodeCredentialEnabled=ch oauthConfig.isCodeCredentialPostOnly=ch oauthConfig.isPkceRequired=h oauthConfig.isSecretRequiredForRefreshToken=h oauthConfig.isRefreshTokenRotationEnabled=h oauthConfig.isIntrospectAllTokens=c oauthConfig.isAdminApproved=h oauthPolicy.ipRelaxation=ch oauthPolicy.refreshTokenPolicy=h oauthPolicy.isTokenExchangeFlowEnabled=c (username-password flow)=n sessionPolicy.sessionTimeout=h",
  },
];

const rowsOf = (app: ConvertedApp): string => app.rows.map((r) => `${r.field}=${SHORT[r.fate]}`).join(' ');
const rulesOf = (app: ConvertedApp): string => [...new Set(app.findings.map((f) => f.rule))].sort().join(' ');

describe('sf eca convert: every Connected App of the corpus', () => {
  const converted: Record<'default' | 'harden', ConvertedApp[]> = { default: [], harden: [] };
  before(async () => {
    for (const found of await findConnectedApps([CORPUS])) {
      const file = await readConnectedAppFile(found.path);
      converted.default.push(convertOne(file, {}, OUT));
      converted.harden.push(convertOne(file, { harden: true }, OUT));
    }
  });

  it('reads all 22 apps', () => {
    expect(converted.default.map((a) => a.name)).to.deep.equal(EXPECTED.map((e) => e.name));
  });

  for (const expected of EXPECTED) {
    describe(expected.name, () => {
      for (const mode of ['default', 'harden'] as const) {
        it(`${mode}: ${expected.converted ? 'converts' : 'is reported as not convertible'}, with its mapping table and findings`, () => {
          const app = converted[mode].find((a) => a.name === expected.name)!;
          expect(app.status).to.equal(expected.converted ? 'converted' : 'notConvertible');
          expect(rowsOf(app)).to.equal(mode === 'default' ? expected.rows : expected.hardenedRows);
          expect(rulesOf(app)).to.equal(mode === 'default' ? expected.findings : expected.hardenedFindings);
          if (!expected.converted) {
            expect(app.problems.length).to.be.greaterThan(0);
            expect(app.files).to.deep.equal([]);
            return;
          }
          expect(app.problems).to.deep.equal([]);
          expect(app.files.map((f) => f.type)).to.deep.equal([
            'ExternalClientApplication',
            'ExtlClntAppGlobalOauthSettings',
            'ExtlClntAppOauthSettings',
            'ExtlClntAppOauthConfigurablePolicies',
            'ExtlClntAppConfigurablePolicies',
          ]);
          const back = parseAppFiles(app.files.map((f) => ({ path: f.path, xml: f.xml })));
          expect(back.spec).to.deep.equal(app.spec);
          if (mode === 'default') expect(app.findings.some((f) => f.fixedByHarden)).to.equal(true);
          else expect(app.findings.some((f) => f.fixedByHarden)).to.equal(false);
        });
      }
    });
  }

  it('writes files that validate against the ECA schema, in both modes', async function () {
    this.timeout(60_000);
    const files = [...converted.default, ...converted.harden]
      .filter((a) => a.status === 'converted')
      .flatMap((a, i) => a.files.map((f) => ({ fileName: `${i}_${f.path.split('/').pop()!}`, contents: f.xml })));
    expect(files.length).to.equal(2 * 18 * 5);
    const result = await validateXML({ xml: files, schema: [{ fileName: 'eca-metadata.xsd', contents: readFileSync(ECA_SCHEMA_PATH, 'utf8') }] });
    expect(result.errors.map((e) => `${e.loc?.fileName ?? ''}: ${e.message}`)).to.deep.equal([]);
    expect(result.valid).to.equal(true);
  });

  it('keeps the behaviour: Postman keeps its scopes as one list, its bypass and its session timeout', () => {
    const postman = converted.default.find((a) => a.name === 'Postman')!;
    const oauth = postman.files.find((f) => f.type === 'ExtlClntAppOauthSettings')!.xml;
    expect(oauth).to.include(
      '<commaSeparatedOauthScopes>Basic, Api, Web, Full, Chatter, CustomApplications, RefreshToken, OpenID, CustomPermissions, Wave, Eclair, Pardot, Lightning, Content, CDPIngest, CDPProfile, CDPQuery</commaSeparatedOauthScopes>',
    );
    const policy = postman.files.find((f) => f.type === 'ExtlClntAppOauthConfigurablePolicies')!.xml;
    expect(policy).to.include('<ipRelaxationPolicyType>Bypass</ipRelaxationPolicyType>');
    expect(policy).to.include('<refreshTokenPolicyType>Zero</refreshTokenPolicyType>');
    expect(policy).to.include('<sessionTimeoutInMinutes>60</sessionTimeoutInMinutes>');
    expect(policy).to.include('<permittedUsersPolicyType>AllSelfAuthorized</permittedUsersPolicyType>');
    const global = postman.files.find((f) => f.type === 'ExtlClntAppGlobalOauthSettings')!.xml;
    expect(global).to.include('<isConsumerSecretOptional>true</isConsumerSecretOptional>');
    expect(global).to.include('<isPkceRequired>false</isPkceRequired>');
    expect(global).to.not.include('consumerKey');
  });

  it('reports why a template is not convertible, with the fix (placeholders, an API name with hyphens)', () => {
    const template = converted.default.find((a) => a.name === 'connected-app-basic')!;
    expect(template.problems.join('\n')).to.match(/ECA121 .*may contain only letters.* --api-name connected_app_basic/);
    expect(template.problems.join('\n')).to.match(/ECA128 ExternalClientApplication.contactEmail: "\{\{CONTACT_EMAIL\}\}"/);
  });

  it('writes the certificate as its 64-column body (DDC_Community)', () => {
    const ddc = converted.default.find((a) => a.name === 'DDC_Community')!;
    const global = ddc.files.find((f) => f.type === 'ExtlClntAppGlobalOauthSettings')!.xml;
    const body = /<certificate>([\s\S]*)<\/certificate>/.exec(global)![1].split('\n');
    expect(body.length).to.be.greaterThan(10);
    expect(body.slice(0, -1).every((line) => line.length === 64)).to.equal(true);
    expect(ddc.spec?.oauth.flows).to.include('jwt-bearer');
  });

  describe('deploys every converted app to the emulator, all in one deployment per mode', () => {
    let emulator: Emulator | undefined;
    afterEach(async () => emulator?.close());
    for (const mode of ['default', 'harden'] as const) {
      it(mode, async function () {
        this.timeout(120_000);
        emulator = await startEmulator();
        const state = emulator.state;
        const apps = converted[mode].filter((a) => a.status === 'converted');
        expect(apps).to.have.length(18);
        // The orgs the Connected Apps came from had the profiles, permission sets and run-as users they name.
        const profileId = state.profiles.find((p) => p.name === 'Minimum Access - API Only Integrations')!.id;
        for (const { spec } of apps) {
          for (const name of spec!.policies.permissionSets)
            if (!state.permissionSets.some((p) => p.name === name)) addPermissionSet(state, name, name, { ApiEnabled: true });
          for (const name of spec!.policies.profiles)
            if (!state.profiles.some((p) => p.name === name)) addProfile(state, name, { ApiEnabled: true });
          const runAs = spec!.policies.runAsUser;
          if (runAs && !findUser(state, runAs)) addUser(state, { username: runAs, firstName: 'Run', lastName: 'As', profileId });
        }
        const connection = await connectTo(emulator);
        const zip = await zipDeployment(
          apps.flatMap((app) =>
            app.files.map((f) => {
              const type = ecaTypeByName(f.type)!;
              const fullName = f.path.split('/').pop()!.replace(`.${type.suffix}-meta.xml`, '');
              return { type: f.type, folder: type.folder, suffix: type.suffix, fullName, xml: f.xml };
            }),
          ),
          undefined,
          '66.0',
        );
        connection.metadata.pollInterval = 20;
        const result = await connection.metadata.deploy(zip, { rollbackOnError: true, singlePackage: true }).complete(true);
        const failures = (result.details as unknown as { componentFailures?: unknown }).componentFailures;
        expect(failures ?? [], JSON.stringify(failures)).to.deep.equal([]);
        expect(result.status).to.equal('Succeeded');
        expect(result.numberComponentsDeployed).to.equal(apps.length * 5);
        for (const app of apps) expect(findApp(emulator.state, app.apiName), app.name).to.not.equal(undefined);
      });
    }
  });
});
